/** The pure parts of the limits: the sliding window, and finding floods among arrivals. */
import { describe, expect, it } from 'vitest';
import { findFloods } from '../../server/src/limits/floods';
import { retryAfterSeconds, windowDecision } from '../../server/src/limits/window';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 9) + seconds * 1000);

describe('windowDecision', () => {
  const limit = { max: 3, windowMs: 60_000 };
  it('allows up to max in the window, ignoring what has left it', () => {
    expect(windowDecision([at(0), at(10)], at(30), limit)).toEqual({ allowed: true });
    expect(windowDecision([at(-60), at(-30), at(0), at(10)], at(30), limit)).toEqual({ allowed: true });
  });
  it('refuses the next one until enough have left the window', () => {
    // Three in the window; the oldest (at 0 s) leaves it at 60 s.
    expect(windowDecision([at(10), at(0), at(20)], at(30), limit)).toEqual({ allowed: false, retryAfterMs: 30_000 });
    // Five in the window: the third oldest must leave (at 20 s + 60 s).
    expect(windowDecision([at(0), at(10), at(20), at(25), at(29)], at(30), limit)).toEqual({ allowed: false, retryAfterMs: 50_000 });
  });
  it('rounds Retry-After up to whole seconds', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(59_001)).toBe(60);
  });
});

describe('findFloods', () => {
  const threshold = { max: 3, windowMs: 10_000 };
  const arrivals = (key: string, seconds: number[]) => seconds.map((s) => ({ key, receivedAt: at(s).getTime() }));

  it('merges overlapping runs into one flood per burst, per key, latest-ending first', () => {
    const floods = findFloods([...arrivals('a', [0, 1, 2, 3, 4, 3600, 3601, 3602]), ...arrivals('b', [0, 1]), ...arrivals('c', [0, 5, 9.9])], threshold);
    expect(floods).toEqual([
      { key: 'a', count: 3, from: at(3600).getTime(), to: at(3602).getTime() },
      { key: 'c', count: 3, from: at(0).getTime(), to: at(9.9).getTime() },
      { key: 'a', count: 5, from: at(0).getTime(), to: at(4).getTime() },
    ]);
  });

  it('needs max arrivals within less than the window: spread evenly, there is no flood', () => {
    expect(findFloods(arrivals('a', [0, 10, 20, 30, 40]), threshold)).toEqual([]);
    expect(findFloods(arrivals('a', [0, 5, 10]), threshold)).toEqual([]);
  });

  it('chains a burst that goes on for longer than the window into one flood', () => {
    const steady = Array.from({ length: 100 }, (_, i) => i);
    expect(findFloods(arrivals('a', steady), threshold)).toEqual([{ key: 'a', count: 100, from: at(0).getTime(), to: at(99).getTime() }]);
  });
});
