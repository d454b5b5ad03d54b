/**
 * When to try the endpoint again after a failure (pure). Exponential, capped,
 * with "equal jitter" (half fixed, half random) so a school's devices that
 * lost the endpoint together do not all come back in the same second.
 * A Retry-After from the endpoint is honoured when it asks for longer.
 */
export interface BackoffLimits {
  baseMs: number;
  capMs: number;
}

export const BACKOFF: BackoffLimits = {
  baseMs: 5_000,
  capMs: 30 * 60_000,
};

export interface BackoffState {
  failures: number;
  /** Not before this time (ms since epoch); 0 when there is nothing to wait for. */
  nextAttemptAt: number;
  /** What went wrong last time, for the status page. */
  lastError?: string;
}

export const NO_BACKOFF: BackoffState = { failures: 0, nextAttemptAt: 0 };

export function backoffDelay(failures: number, random: number, limits: BackoffLimits = BACKOFF): number {
  const exponential = Math.min(limits.capMs, limits.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random);
}

export function afterFailure(state: BackoffState, now: number, random: number, retryAfterMs?: number, limits: BackoffLimits = BACKOFF): BackoffState {
  const failures = state.failures + 1;
  const delay = Math.max(backoffDelay(failures, random, limits), Math.min(retryAfterMs ?? 0, limits.capMs));
  return { ...state, failures, nextAttemptAt: now + delay };
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
