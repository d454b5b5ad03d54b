/**
 * The overview's days are the school's: each starts at local midnight in the configured zone, also
 * on the days the clocks change (expected instants written out by hand from the UK's rules: BST is
 * UTC+1 from the last Sunday of March to the last Sunday of October, changing at 01:00 UTC).
 */
import { describe, expect, it } from 'vitest';
import { isTimeZone, localDays } from '../../server/src/overview/local-days';

const iso = (days: ReturnType<typeof localDays>) => days.map((d) => [d.day, d.start.toISOString(), d.end.toISOString()]);

describe('localDays', () => {
  it('in summer, a London day starts at 23:00 UTC the day before, and 00:30 BST belongs to the new day', () => {
    expect(iso(localDays(new Date('2026-07-14T23:30:00Z'), 2, 'Europe/London'))).toEqual([
      ['2026-07-14', '2026-07-13T23:00:00.000Z', '2026-07-14T23:00:00.000Z'],
      ['2026-07-15', '2026-07-14T23:00:00.000Z', '2026-07-15T23:00:00.000Z'],
    ]);
  });

  it('has a 23-hour day when the clocks go forward and a 25-hour day when they go back', () => {
    expect(iso(localDays(new Date('2026-03-29T12:00:00Z'), 2, 'Europe/London'))).toEqual([
      ['2026-03-28', '2026-03-28T00:00:00.000Z', '2026-03-29T00:00:00.000Z'],
      ['2026-03-29', '2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z'],
    ]);
    expect(iso(localDays(new Date('2026-10-25T12:00:00Z'), 1, 'Europe/London'))).toEqual([['2026-10-25', '2026-10-24T23:00:00.000Z', '2026-10-26T00:00:00.000Z']]);
  });

  it('on UTC, and west of it, days follow that zone', () => {
    expect(iso(localDays(new Date('2026-01-01T00:00:00Z'), 1, 'UTC'))).toEqual([['2026-01-01', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z']]);
    // 02:00 UTC on 1 January is still 31 December in New York (UTC-5).
    expect(iso(localDays(new Date('2026-01-01T02:00:00Z'), 1, 'America/New_York'))).toEqual([['2025-12-31', '2025-12-31T05:00:00.000Z', '2026-01-01T05:00:00.000Z']]);
  });

  it('counts back whole days, oldest first, each ending where the next starts', () => {
    const days = localDays(new Date('2026-11-30T04:00:00Z'), 90, 'Europe/London');
    expect(days).toHaveLength(90);
    expect(days[0]!.day).toBe('2026-09-02');
    expect(days.at(-1)!.day).toBe('2026-11-30');
    for (let i = 1; i < days.length; i++) expect(days[i]!.start).toEqual(days[i - 1]!.end);
  });

  it('knows a zone name from a typo', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('Europe/Londn')).toBe(false);
  });
});
