/**
 * When the daily digest is due (pure). Each school day has one digest, named by its local date, covering
 * the period from the previous day's digest hour to this day's (24 hours, 23 or 25 when the clocks
 * change, with neither gap nor overlap). It is due from its hour on: an endpoint that was down at 07:00
 * sends it when it comes back that day; a day the endpoint was down throughout has none.
 */
import { instantAt, localDate, previousDate } from './school-time';

export interface DigestPeriod {
  /** The school's date the digest is for, `YYYY-MM-DD`: at most one digest per date. */
  localDate: string;
  start: Date;
  end: Date;
}

export function dueDigest(now: Date, hour: number, timeZone: string): DigestPeriod | null {
  const today = localDate(now, timeZone);
  const end = instantAt(today, hour, timeZone);
  if (now.getTime() < end.getTime()) return null;
  return { localDate: today, start: instantAt(previousDate(today), hour, timeZone), end };
}
