/**
 * A sliding-window limit (pure): at most `max` counted things in any
 * `windowMs`. The counted things are rows the store already holds (failed
 * sign-ins, received reports), so the limit survives a restart, cannot be
 * flushed by filling a cache with junk keys, and holds for every endpoint
 * process that shares the database.
 */
export interface WindowLimit {
  max: number;
  windowMs: number;
}

export type WindowDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Whether one more is allowed at `now`, given when the earlier ones happened; if not, how long until it is. */
export function windowDecision(times: readonly Date[], now: Date, limit: WindowLimit): WindowDecision {
  const start = now.getTime() - limit.windowMs;
  const inWindow = times
    .map((time) => time.getTime())
    .filter((at) => at > start && at <= now.getTime())
    .sort((a, b) => a - b);
  if (inWindow.length < limit.max) return { allowed: true };
  // One more is allowed once all but max - 1 of them have left the window.
  const mustLeave = inWindow[inWindow.length - limit.max]!;
  return { allowed: false, retryAfterMs: mustLeave + limit.windowMs - now.getTime() };
}

/** Retry-After in whole seconds, rounded up: a client that waits that long is allowed. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}
