import { describe, expect, it } from 'vitest';
import { afterFailure, NO_BACKOFF, parseRetryAfter } from '../../src/events/backoff';
import { REPORT_LIMIT_WINDOW_MS } from '../../server/src/limits/report-limits';
import { buildReport } from '../../src/reports/build';
import type { Envelope } from '../../src/events/model';
import {
  afterAcknowledged,
  afterClosed,
  afterFollowUp,
  afterRefused,
  canTakeScreenshot,
  clearFailure,
  deliveryOf,
  isExpired,
  KEEP_DELIVERED_MS,
  mayTryNow,
  newRecord,
  nextStep,
  type OutboxRecord,
  outcomeOfResponse,
  REPORT_BACKOFF,
  type ReportBackoff,
  requestOf,
  withScreenshot,
} from '../../src/reports/outbox-record';

const base: Envelope = {
  id: '0b7f5e8e-3a43-4f7d-9b1e-2f7c1a0d9e11',
  time: '2026-11-23T09:15:00.000Z',
  user: 'pupil@school.example',
  device: { directoryId: '', serialNumber: '', assetId: '' },
  yearGroup: 'Y8',
  role: 'pupil',
  extensionVersion: '0.1.0',
};
const shot = { mime: 'image/jpeg' as const, base64: '/9j/4AAQ' };
const now = 1_800_000_000_000;

function fresh(): OutboxRecord {
  return newRecord(buildReport(base, { url: 'https://a.example/', title: 'A', category: null, stopPage: null }, null), now, 7);
}

/** What a sender does with a 2xx to the step it made. */
function acknowledge(record: OutboxRecord): OutboxRecord {
  const step = nextStep(record)!;
  const sent = requestOf(record, step);
  return afterAcknowledged(record, step, sent.tells, now, sent.carriesScreenshot);
}

describe('report outbox: one POST, then a PATCH only for what the endpoint has not got', () => {
  it('a new report waits for its POST ("saved"), and is "sent" once acknowledged', () => {
    const record = fresh();
    expect(nextStep(record)).toBe('post');
    expect(deliveryOf(record)).toBe('saved');
    const sent = acknowledge(record);
    expect(nextStep(sent)).toBeNull();
    expect(deliveryOf(sent)).toBe('sent');
    expect(sent.deliveredAt).toBe(now);
  });

  it('a follow-up while the POST waits changes the stored report, so a single POST carries it', () => {
    const record = afterFollowUp(fresh(), { reason: 'unkind-to-me', comment: 'in the chat' }, true);
    expect(nextStep(record)).toBe('post');
    expect(requestOf(record, 'post').body).toMatchObject({ reason: 'unkind-to-me', comment: 'in the chat', urgent: true });
    expect(nextStep(acknowledge(record))).toBeNull();
  });

  it('a follow-up after the POST was acknowledged goes as a PATCH of reason and comment only', () => {
    const followed = afterFollowUp(acknowledge(fresh()), { reason: 'stranger-contact', comment: null }, false);
    expect(nextStep(followed)).toBe('patch');
    expect(deliveryOf(followed)).toBe('saved');
    expect(followed.deliveredAt).toBeNull();
    expect(requestOf(followed, 'patch').body).toEqual({ reason: 'stranger-contact', comment: null, followUpSecret: followed.report.followUpSecret });
    expect(nextStep(acknowledge(followed))).toBeNull();
  });

  it('a follow-up that arrived while the POST was in flight is still sent afterwards, as a PATCH', () => {
    const record = fresh();
    const inFlight = requestOf(record, 'post');
    const changed = afterFollowUp(record, { reason: 'upset', comment: null }, false);
    const acked = afterAcknowledged(changed, 'post', inFlight.tells, now, inFlight.carriesScreenshot);
    expect(nextStep(acked)).toBe('patch');
  });

  it('a reason that allows a picture, added after the POST was acknowledged, sends the picture with the PATCH, once', () => {
    const followed = afterFollowUp(acknowledge(fresh()), { reason: 'unkind-to-me', comment: null }, true);
    expect(canTakeScreenshot(followed)).toBe(true);
    const withShot = withScreenshot(followed, shot);
    expect(requestOf(withShot, 'patch').body).toEqual({ reason: 'unkind-to-me', comment: null, screenshot: shot, followUpSecret: withShot.report.followUpSecret });
    const acked = acknowledge(withShot);
    expect(acked.screenshotSent).toBe(true);
    expect(acked.report.screenshot).toBeNull();
    expect(nextStep(acked)).toBeNull();
    expect(canTakeScreenshot(acked)).toBe(false);
  });

  it('a picture taken while a request without one was in flight is kept and sent next', () => {
    const record = afterFollowUp(fresh(), { reason: 'unkind-to-me', comment: null }, true);
    const inFlight = requestOf(record, 'post');
    const acked = afterAcknowledged(withScreenshot(record, shot), 'post', inFlight.tells, now, inFlight.carriesScreenshot);
    expect(acked.report.screenshot).toEqual(shot);
    expect(nextStep(acked)).toBe('patch');
    expect(requestOf(acked, 'patch').body).toMatchObject({ screenshot: shot });
  });

  it('once the POST is acknowledged the picture leaves the device and no new one can be attached', () => {
    const withShot = withScreenshot(afterFollowUp(fresh(), { reason: 'unkind-to-me', comment: null }, true), shot);
    expect(withShot.report.screenshot).toEqual(shot);
    const sent = acknowledge(withShot);
    expect(sent.report.screenshot).toBeNull();
    expect(sent.screenshotSent).toBe(true);
    expect(canTakeScreenshot(sent)).toBe(false);
    expect(withScreenshot(sent, shot).report.screenshot).toBeNull();
  });

  it('a reason that forbids a picture drops one already taken before it is sent', () => {
    const withShot = withScreenshot(afterFollowUp(fresh(), { reason: 'unkind-to-me', comment: null }, true), shot);
    const changed = afterFollowUp(withShot, { reason: 'rude-or-unsuitable', comment: null }, false);
    expect(changed.report.screenshot).toBeNull();
    expect(requestOf(changed, 'post').body).toMatchObject({ screenshot: null, reason: 'rude-or-unsuitable' });
  });

  it('a permanent refusal keeps the record, failed and not retried, until cleared', () => {
    const refused = afterRefused(fresh(), 'post', 400, 'invalid report', now);
    expect(deliveryOf(refused)).toBe('failed');
    expect(nextStep(refused)).toBeNull();
    expect(isExpired(refused, now + 10 * KEEP_DELIVERED_MS)).toBe(false);
    expect(nextStep(clearFailure(refused))).toBe('post');
  });

  it('delivered records go after a while; waiting ones never do', () => {
    const sent = acknowledge(fresh());
    expect(isExpired(sent, now + KEEP_DELIVERED_MS)).toBe(false);
    expect(isExpired(sent, now + KEEP_DELIVERED_MS + 1)).toBe(true);
    expect(isExpired(fresh(), now + 100 * KEEP_DELIVERED_MS)).toBe(false);
  });
});

describe('only the device that sent a report may add to it', () => {
  it('the POST introduces the report\'s follow-up secret and every PATCH carries it', () => {
    const record = fresh();
    const secret = record.report.followUpSecret;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(requestOf(record, 'post').body).toMatchObject({ followUpSecret: secret });
    const followed = afterFollowUp(acknowledge(record), { reason: 'stranger-contact', comment: 'x' }, false);
    expect(requestOf(followed, 'patch').body).toEqual({ reason: 'stranger-contact', comment: 'x', followUpSecret: secret });
    const withShot = withScreenshot(afterFollowUp(acknowledge(record), { reason: 'unkind-to-me', comment: null }, true), shot);
    expect(requestOf(withShot, 'patch').body).toEqual({ reason: 'unkind-to-me', comment: null, screenshot: shot, followUpSecret: secret });
  });

  it('a record from before secrets (none in its report) sends its PATCH without one, and a 403 keeps it, failed, never retried by itself', () => {
    const { followUpSecret: _dropped, ...old } = fresh().report;
    const record = afterFollowUp(acknowledge(newRecord(old, now, 7)), { reason: 'upset', comment: null }, false);
    expect(requestOf(record, 'patch').body).toEqual({ reason: 'upset', comment: null });
    const refused = afterRefused(record, 'patch', 403, 'only the device that sent a report may add to it', now);
    expect(deliveryOf(refused)).toBe('failed');
    expect(nextStep(refused)).toBeNull();
    expect(isExpired(refused, now + 10 * KEEP_DELIVERED_MS)).toBe(false);
  });
});

describe('a follow-up refused because staff have started on the report (409)', () => {
  function closedAfterFollowUp(): { sent: OutboxRecord; closed: OutboxRecord } {
    const sent = acknowledge(fresh());
    const followed = withScreenshot(afterFollowUp(sent, { reason: 'unkind-to-me', comment: 'more words' }, true), shot);
    expect(nextStep(followed)).toBe('patch');
    return { sent, closed: afterClosed(followed, now + 5) };
  }

  it('is final: nothing more is sent, the record reads as sent (the report is there), not failed', () => {
    const { closed } = closedAfterFollowUp();
    expect(nextStep(closed)).toBeNull();
    expect(deliveryOf(closed)).toBe('sent');
    expect(closed.failure).toBeNull();
    expect(closed.followUpClosed).toBe(true);
    expect(closed.deliveredAt).toBe(now + 5);
  });

  it('keeps the report and what the endpoint acknowledged, drops the picture that waited, and takes no more follow-ups or pictures', () => {
    const { sent, closed } = closedAfterFollowUp();
    expect(closed.report.id).toBe(sent.report.id);
    expect(closed.acknowledged).toEqual(sent.acknowledged);
    expect(closed.report.screenshot).toBeNull();
    expect(canTakeScreenshot(closed)).toBe(false);
    expect(afterFollowUp(closed, { reason: 'upset', comment: 'again' }, false)).toBe(closed);
    expect(withScreenshot(closed, shot).report.screenshot).toBeNull();
    expect(nextStep(clearFailure(closed))).toBeNull();
  });

  it('goes from the device like any delivered record', () => {
    const { closed } = closedAfterFollowUp();
    expect(isExpired(closed, now + 5 + KEEP_DELIVERED_MS)).toBe(false);
    expect(isExpired(closed, now + 6 + KEEP_DELIVERED_MS)).toBe(true);
  });
});

describe('retry decisions', () => {
  it('acknowledges 2xx (a duplicate 200 too), retries no answer, 408, 429 and 5xx, refuses other 4xx', () => {
    for (const step of ['post', 'patch'] as const) {
      for (const status of [200, 201]) expect(outcomeOfResponse(status, step)).toBe('acknowledged');
      for (const status of [null, 408, 429, 500, 502, 503]) expect(outcomeOfResponse(status, step)).toBe('retry');
      for (const status of [400, 401, 403, 404, 413, 415, 422]) expect(outcomeOfResponse(status, step)).toBe('refused');
    }
  });

  it('a follow-up answered 409 is closed (final, never retried); a POST answered 409 is an ordinary refusal', () => {
    expect(outcomeOfResponse(409, 'patch')).toBe('closed');
    expect(outcomeOfResponse(409, 'post')).toBe('refused');
  });

  it('backs off sooner and caps lower than the log', () => {
    const first = afterFailure(NO_BACKOFF, now, 1, undefined, REPORT_BACKOFF);
    expect(first.nextAttemptAt - now).toBe(REPORT_BACKOFF.baseMs);
    let state = first;
    for (let i = 0; i < 30; i++) state = afterFailure(state, now, 1, undefined, REPORT_BACKOFF);
    expect(state.nextAttemptAt - now).toBe(REPORT_BACKOFF.capMs);
    expect(REPORT_BACKOFF.capMs).toBeLessThanOrEqual(5 * 60_000);
  });

  it("keeps a rate-limited report queued and waits exactly the endpoint's Retry-After, even when a pupil sends another", () => {
    const record = fresh();
    expect(outcomeOfResponse(429, 'post')).toBe('retry');
    expect(outcomeOfResponse(429, 'patch')).toBe('retry');
    expect(deliveryOf(record)).toBe('saved');
    // The endpoint's Retry-After is at most its report window, 5 minutes (server/src/limits/report-limits.ts).
    const limited: ReportBackoff = { ...afterFailure(NO_BACKOFF, now, 0, parseRetryAfter('300', now), REPORT_BACKOFF), rateLimited: true };
    expect(limited.nextAttemptAt - now).toBe(300_000);
    expect(mayTryNow(limited, true, now + 299_000)).toBe(false);
    expect(mayTryNow(limited, false, now + 300_000)).toBe(true);
    // An ordinary backoff (the endpoint down) still lets a pupil's new report try at once.
    const down: ReportBackoff = { ...afterFailure(NO_BACKOFF, now, 0, undefined, REPORT_BACKOFF), rateLimited: false };
    expect(mayTryNow(down, true, now + 1)).toBe(true);
    expect(mayTryNow(down, false, now + 1)).toBe(false);
  });

  it("waits as long as the endpoint's report limit asks: its window fits under the report backoff cap", () => {
    expect(REPORT_LIMIT_WINDOW_MS).toBeLessThanOrEqual(REPORT_BACKOFF.capMs);
  });
});
