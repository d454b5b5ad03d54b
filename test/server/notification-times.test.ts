/** The school's local time for the digest: its hour through the clock changes, and the period each digest covers. */
import { describe, expect, it } from 'vitest';
import { dueDigest } from '../../server/src/notifications/digest-schedule';
import { describeTime, instantAt, localDate } from '../../server/src/notifications/school-time';

const LONDON = 'Europe/London';

describe("the school's time", () => {
  it('finds the instant of an hour in winter, in summer, and across both clock changes', () => {
    expect(instantAt('2026-01-15', 7, LONDON).toISOString()).toBe('2026-01-15T07:00:00.000Z');
    expect(instantAt('2026-06-15', 7, LONDON).toISOString()).toBe('2026-06-15T06:00:00.000Z');
    // 29 March 2026: 01:00 GMT becomes 02:00 BST, so 01:00 never happens: the instant after the jump.
    expect(instantAt('2026-03-29', 1, LONDON).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(instantAt('2026-03-29', 7, LONDON).toISOString()).toBe('2026-03-29T06:00:00.000Z');
    // 25 October 2026: 01:00 happens twice (BST, then GMT): the first.
    expect(instantAt('2026-10-25', 1, LONDON).toISOString()).toBe('2026-10-25T00:00:00.000Z');
    expect(instantAt('2026-10-25', 7, LONDON).toISOString()).toBe('2026-10-25T07:00:00.000Z');
    expect(instantAt('2026-06-15', 7, 'Asia/Karachi').toISOString()).toBe('2026-06-15T02:00:00.000Z');
  });

  it("reads the school's date, not UTC's", () => {
    expect(localDate(new Date('2026-06-14T23:30:00Z'), LONDON)).toBe('2026-06-15');
    expect(localDate(new Date('2026-01-14T23:30:00Z'), LONDON)).toBe('2026-01-14');
    expect(describeTime(new Date('2026-06-15T09:30:00Z'), LONDON)).toBe('Monday 15 June 2026 at 10:30');
  });

  it('makes the digest due from its hour, covering the day since the last one, 23 hours when the clocks go forward', () => {
    expect(dueDigest(new Date('2026-06-15T05:59:59Z'), 7, LONDON)).toBeNull();
    expect(dueDigest(new Date('2026-06-15T06:00:00Z'), 7, LONDON)).toEqual({ localDate: '2026-06-15', start: new Date('2026-06-14T06:00:00Z'), end: new Date('2026-06-15T06:00:00Z') });
    // Still due later the same day (an endpoint that was down at 07:00); the date keeps it to one.
    expect(dueDigest(new Date('2026-06-15T22:00:00Z'), 7, LONDON)!.localDate).toBe('2026-06-15');
    expect(dueDigest(new Date('2026-03-29T06:30:00Z'), 7, LONDON)).toEqual({ localDate: '2026-03-29', start: new Date('2026-03-28T07:00:00Z'), end: new Date('2026-03-29T06:00:00Z') });
  });
});
