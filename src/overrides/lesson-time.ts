/**
 * Times on the teacher's panel (pure, the clock passed in): when a new
 * allowlist would end, and how long one has left. Clock times are the
 * device's local time in 24-hour form, as school timetables are written.
 */
const MINUTE = 60_000;

export function clockTime(at: Date): string {
  return at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

export function endTime(now: Date, minutes: number): Date {
  return new Date(now.getTime() + minutes * MINUTE);
}

/** "42 min left", "1 h 5 min left", "less than a minute left", "over". Rounded up: "0 min" reads as already over. */
export function timeLeftText(endsAt: string, now: Date): string {
  const left = Date.parse(endsAt) - now.getTime();
  if (!(left > 0)) return 'over';
  if (left < MINUTE) return 'less than a minute left';
  const minutes = Math.ceil(left / MINUTE);
  if (minutes < 60) return `${minutes} min left`;
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ''} left`;
}
