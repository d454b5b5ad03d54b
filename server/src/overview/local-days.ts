/**
 * The school's days as instants: where each local calendar day starts and ends in the school's
 * time zone (config `timeZone`), so "Tuesday" on the overview is Tuesday on the school's clocks,
 * also across the clocks changing (a day of 23 or 25 hours). Pure: Intl only, no clock of its own.
 */

export interface LocalDay {
  /** The local calendar date, `YYYY-MM-DD`. */
  day: string;
  /** When it starts (inclusive) and ends (exclusive). */
  start: Date;
  end: Date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall clock in `timeZone` at `instant`, written as if it were UTC (ms). */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/** True for a zone name the runtime knows (`Europe/London`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The local date `now` falls on, as a UTC midnight (civil date arithmetic only). */
function localDate(now: Date, timeZone: string): number {
  const wall = wallClock(now.getTime(), timeZone);
  return wall - (((wall % 86_400_000) + 86_400_000) % 86_400_000);
}

/**
 * The first instant of a local date (given as its UTC midnight): the offset is read at a guess and
 * read again where that lands, which settles it on either side of a change of the clocks. Where
 * midnight itself is skipped (a few zones move their clocks at 00:00), the day starts when the
 * clocks do.
 */
function startOf(date: number, timeZone: string): number {
  const first = date - (wallClock(date, timeZone) - date);
  const second = date - (wallClock(first, timeZone) - first);
  return wallClock(second, timeZone) >= date ? second : first;
}

/** The `count` local days ending with the one `now` falls on, oldest first. */
export function localDays(now: Date, count: number, timeZone: string): LocalDay[] {
  const today = localDate(now, timeZone);
  return Array.from({ length: count }, (_, index) => {
    const date = today - (count - 1 - index) * 86_400_000;
    return {
      day: new Date(date).toISOString().slice(0, 10),
      start: new Date(startOf(date, timeZone)),
      end: new Date(startOf(date + 86_400_000, timeZone)),
    };
  });
}
