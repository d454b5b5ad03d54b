/**
 * How long to wait before trying a message again after a failure (pure): 15 s, then doubling to a
 * ceiling of 15 minutes. A message is never given up on: an SMTP server down over a weekend still gets
 * Friday night's alert when it is back, at most 15 minutes later.
 */
export const FIRST_RETRY_MS = 15_000;
export const MAX_RETRY_MS = 15 * 60_000;

export function retryDelayMs(failedAttempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1));
}
