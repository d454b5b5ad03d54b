/**
 * Ends lesson allowlists on time: an alarm at the next end (it fires even if
 * Chrome stopped the worker in between, though never sooner than 30 s from
 * now) and, while the worker lives, a timer for the exact second. Every wake
 * also drops what has ended (sync.ts), so a missed alarm costs nothing.
 */
export const LESSON_EXPIRY_ALARM = 'lesson-allows:expire';
export const LESSON_REFRESH_ALARM = 'lesson-allows:refresh';

let timer: ReturnType<typeof setTimeout> | undefined;

export async function scheduleLessonExpiry(at: number | null, onDue: () => void): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  if (at === null) {
    await chrome.alarms.clear(LESSON_EXPIRY_ALARM);
    return;
  }
  await chrome.alarms.create(LESSON_EXPIRY_ALARM, { when: at });
  // A little after the end, so the sync that runs sees it as over.
  timer = setTimeout(onDue, Math.max(0, at - Date.now()) + 50);
}

/** Pupils' devices ask the endpoint this often (policy `lessonAllowlists.refreshMinutes`). */
export async function scheduleLessonRefresh(periodMinutes: number): Promise<void> {
  const existing = await chrome.alarms.get(LESSON_REFRESH_ALARM);
  if (existing?.periodInMinutes === periodMinutes) return;
  await chrome.alarms.create(LESSON_REFRESH_ALARM, { periodInMinutes: periodMinutes, delayInMinutes: periodMinutes });
}
