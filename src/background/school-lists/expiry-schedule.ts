/**
 * Ends school list entries on time on the device: an alarm at the next end
 * date (it wakes a stopped worker, though never sooner than 30 s from now)
 * and, while the worker lives, a timer for the exact second. Every wake and
 * every sync also drops what has ended, whether or not the endpoint answers.
 */
export const SCHOOL_LIST_EXPIRY_ALARM = 'school-lists:expire';

let timer: ReturnType<typeof setTimeout> | undefined;

export async function scheduleSchoolListExpiry(at: number | null, onDue: () => void): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  if (at === null) {
    await chrome.alarms.clear(SCHOOL_LIST_EXPIRY_ALARM);
    return;
  }
  await chrome.alarms.create(SCHOOL_LIST_EXPIRY_ALARM, { when: at });
  // A little after the end, so the sync that runs sees it as over.
  timer = setTimeout(onDue, Math.max(0, at - Date.now()) + 50);
}
