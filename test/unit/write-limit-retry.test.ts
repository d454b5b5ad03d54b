/**
 * The endpoint's write limits and the extension's retries agree (issue 21): a limited event batch or report is
 * kept (429 is a retry, never a quarantine or a drop), the device waits exactly the Retry-After it was given,
 * and the default windows are no longer than the extension's backoff caps, so the longest Retry-After the
 * endpoint can send by default is honoured in full rather than cut short at the cap.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_WRITE_LIMITS } from '../../server/src/config/write-limits';
import { afterFailure, BACKOFF, NO_BACKOFF, parseRetryAfter } from '../../src/events/backoff';
import { outcomeOf } from '../../src/events/wire';
import { outcomeOfResponse, REPORT_BACKOFF } from '../../src/reports/outbox-record';

const NOW = Date.UTC(2026, 2, 2, 9, 1);
const minutes = (limit: { windowMinutes: number }) => limit.windowMinutes * 60_000;

describe('a write refused by a limit', () => {
  it('stays queued: events and reports (new and follow-up) retry on 429', () => {
    expect(outcomeOf(429)).toBe('retry');
    expect(outcomeOfResponse(429, 'post')).toBe('retry');
    expect(outcomeOfResponse(429, 'patch')).toBe('retry');
  });

  it("waits the endpoint's Retry-After, to the second, on either channel", () => {
    // The endpoint's 429 for a window ending in 4 minutes; random 0 is the shortest backoff of its own.
    expect(afterFailure(NO_BACKOFF, NOW, 0, parseRetryAfter('240', NOW)).nextAttemptAt).toBe(NOW + 240_000);
    expect(afterFailure(NO_BACKOFF, NOW, 0, parseRetryAfter('240', NOW), REPORT_BACKOFF).nextAttemptAt).toBe(NOW + 240_000);
  });

  it('has default windows within the backoff caps, so no default Retry-After is cut short', () => {
    for (const limit of Object.values(DEFAULT_WRITE_LIMITS.events)) expect(minutes(limit)).toBeLessThanOrEqual(BACKOFF.capMs);
    for (const limit of Object.values(DEFAULT_WRITE_LIMITS.reports)) expect(minutes(limit)).toBeLessThanOrEqual(REPORT_BACKOFF.capMs);
  });
});
