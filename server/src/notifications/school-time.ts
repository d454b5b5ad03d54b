/**
 * The school's local time (an IANA zone, Europe/London by default) for the digest's hour and the times
 * written in emails. The server's clock and the database stay in UTC; only these functions know the zone,
 * so British Summer Time moves the digest with the school day rather than an hour away from it.
 */

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(instant: Date, timeZone: string): LocalParts {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

/** How far the zone's clock is ahead of UTC at that instant, in ms. */
function offsetAt(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The school's calendar date at that instant, `YYYY-MM-DD`. */
export function localDate(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The day before a `YYYY-MM-DD` date. */
export function previousDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

/**
 * The instant the school's clock reads `hour`:00 on `date`. On the morning the clocks go forward an hour
 * that does not exist (01:00 in London) is read as the instant after the jump; on the night they go back,
 * the first of the two.
 */
export function instantAt(date: string, hour: number, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour);
  const DAY = 86_400_000;
  // The zone's offsets either side of that day: a clock change happens at most once a day.
  const offsets = [offsetAt(new Date(asUtc - DAY), timeZone), offsetAt(new Date(asUtc + DAY), timeZone)];
  const readsRight = (instant: number) => {
    const p = localParts(new Date(instant), timeZone);
    return p.year === year && p.month === month && p.day === day && p.hour === hour;
  };
  const candidates = offsets.map((offset) => asUtc - offset).filter(readsRight);
  // None reads right: the hour was skipped, and the clock before the change lands just after the jump.
  return new Date(candidates.length > 0 ? Math.min(...candidates) : asUtc - offsets[0]!);
}

/** "Monday 15 June 2026 at 10:30", in the school's zone. */
export function describeTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(instant).replace(',', '');
}

/** "15 June 2026", in the school's zone. */
export function describeDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
}
