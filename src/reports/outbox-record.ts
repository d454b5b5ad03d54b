/**
 * A report waiting on the device, and every decision about its delivery
 * (pure, unit tested; the IndexedDB store and the sender only carry these out).
 *
 * A record is kept until the endpoint has acknowledged everything in it:
 * the POST (idempotent by id, so a resend after a lost reply is harmless),
 * then a PATCH for any reason or comment added after the POST was
 * acknowledged, carrying the screenshot that reason allows if the POST went
 * without one. A follow-up that arrives while the POST is still waiting just
 * changes the stored report, so one POST carries it all. A permanent refusal
 * keeps the record, marked failed and visible, never deleted.
 *
 * Every request carries the report's follow-up secret (the POST introduces it,
 * each PATCH proves it). Once staff have started on a report the endpoint takes
 * no more follow-ups (409): the report itself was delivered, so the record is
 * "sent", marked closed, and nothing more is ever sent for it.
 */
import type { BackoffLimits, BackoffState } from '../events/backoff';
import { outcomeOf } from '../events/wire';
import { withFollowUp } from './build';
import { FOLLOW_UP_CLOSED_STATUS, type Report, type ReportUpdate } from './model';

/** Reports are few and urgent: retried sooner, and capped lower, than the log (which waits up to 30 minutes). */
export const REPORT_BACKOFF: BackoffLimits = { baseMs: 2_000, capMs: 5 * 60_000 };

/** Delivered records stay a while so the popup can still say "sent", then go (minimum data on the device). */
export const KEEP_DELIVERED_MS = 60 * 60_000;

export interface ReportFailure {
  step: 'post' | 'patch';
  status: number;
  error: string;
  at: number;
}

export interface OutboxRecord {
  id: string;
  /** The report as it stands on the device: what a POST carries. */
  report: Report;
  /** The reason and comment the endpoint holds; null until the POST is acknowledged. */
  acknowledged: ReportUpdate | null;
  /** True once a request carrying a screenshot was acknowledged (the image itself is then dropped from the device). */
  screenshotSent: boolean;
  failure: ReportFailure | null;
  /** The endpoint refused a follow-up because staff had started on the report (409): final. Absent in records from before it existed. */
  followUpClosed?: boolean;
  createdAt: number;
  deliveredAt: number | null;
  /** The tab the report came from (device only, never sent): a picture is taken of it only while it still shows the page. */
  tabId: number | null;
}

export type Delivery = 'sent' | 'saved' | 'failed';
export type Step = 'post' | 'patch';

export function newRecord(report: Report, now: number, tabId: number | null): OutboxRecord {
  return { id: report.id, report, acknowledged: null, screenshotSent: false, failure: null, followUpClosed: false, createdAt: now, deliveredAt: null, tabId };
}

function followUpOf(report: Report): ReportUpdate {
  return { reason: report.reason, comment: report.comment };
}

/** What the endpoint still has to be told; null when nothing (or when refused for good). */
export function nextStep(record: OutboxRecord): Step | null {
  if (record.failure || record.followUpClosed) return null;
  if (!record.acknowledged) return 'post';
  if (record.report.screenshot !== null && !record.screenshotSent) return 'patch';
  const wanted = followUpOf(record.report);
  return wanted.reason === record.acknowledged.reason && wanted.comment === record.acknowledged.comment ? null : 'patch';
}

export function deliveryOf(record: OutboxRecord): Delivery {
  if (record.failure) return 'failed';
  return nextStep(record) === null ? 'sent' : 'saved';
}

/** The body of a step, the follow-up fields it tells the endpoint, and whether it carries the picture. */
export function requestOf(record: OutboxRecord, step: Step): { body: Report | ReportUpdate; tells: ReportUpdate; carriesScreenshot: boolean } {
  const tells = followUpOf(record.report);
  const screenshot = record.report.screenshot;
  if (step === 'post') return { body: record.report, tells, carriesScreenshot: screenshot !== null };
  const secret = record.report.followUpSecret;
  const body: ReportUpdate = { ...tells, ...(screenshot ? { screenshot } : {}), ...(secret ? { followUpSecret: secret } : {}) };
  return { body, tells, carriesScreenshot: screenshot !== null };
}

/**
 * After a 2xx. `tells` and `carriedScreenshot` are what that request carried,
 * not what the record holds now: a follow-up or a picture that arrived while
 * the request was in flight is then still seen as unsent, and goes as a PATCH.
 */
export function afterAcknowledged(record: OutboxRecord, step: Step, tells: ReportUpdate, now: number, carriedScreenshot: boolean): OutboxRecord {
  const next: OutboxRecord = {
    ...record,
    acknowledged: tells,
    screenshotSent: record.screenshotSent || carriedScreenshot,
    // The endpoint has the picture now; the device has no reason to keep it.
    report: carriedScreenshot ? { ...record.report, screenshot: null } : record.report,
  };
  return { ...next, deliveredAt: nextStep(next) === null ? now : null };
}

export type ResponseOutcome = 'acknowledged' | 'retry' | 'refused' | 'closed';

/**
 * 2xx acknowledged; no answer, 408, 429 and 5xx retried; a PATCH answered 409 closed (staff
 * have started on the report: the report is there, only the follow-up is not taken); any
 * other 4xx refused for good.
 */
export function outcomeOfResponse(status: number | null, step: Step): ResponseOutcome {
  if (status === null) return 'retry';
  if (step === 'patch' && status === FOLLOW_UP_CLOSED_STATUS) return 'closed';
  const outcome = outcomeOf(status);
  return outcome === 'delivered' ? 'acknowledged' : outcome === 'retry' ? 'retry' : 'refused';
}

/**
 * After a 409 to a PATCH: delivered (the endpoint holds the report), never sent again. A picture
 * that waited to go with the follow-up is dropped: it has nowhere to go (minimum data on the device).
 */
export function afterClosed(record: OutboxRecord, now: number): OutboxRecord {
  return { ...record, followUpClosed: true, report: { ...record.report, screenshot: null }, deliveredAt: record.deliveredAt ?? now };
}

/** The report channel's backoff; `rateLimited` when the last answer was a 429 (the endpoint asked the device to wait). */
export type ReportBackoff = BackoffState & { rateLimited?: boolean };

/**
 * Whether to send now. A pupil's new report or follow-up skips an ordinary
 * backoff (one request costs nothing), but not a 429's Retry-After: the
 * endpoint limits reports per device and account, so the report stays queued
 * ("saved") and goes when the wait is over.
 */
export function mayTryNow(backoff: ReportBackoff, force: boolean, now: number): boolean {
  return backoff.nextAttemptAt <= now || (force && !backoff.rateLimited);
}

export function afterRefused(record: OutboxRecord, step: Step, status: number, error: string, now: number): OutboxRecord {
  return { ...record, failure: { step, status, error: error.slice(0, 500), at: now } };
}

/** A refused record is tried again when the policy changes (a fixed token or endpoint address may be what it needed). */
export function clearFailure(record: OutboxRecord): OutboxRecord {
  return record.failure ? { ...record, failure: null } : record;
}

export function isExpired(record: OutboxRecord, now: number): boolean {
  return record.deliveredAt !== null && nextStep(record) === null && now - record.deliveredAt > KEEP_DELIVERED_MS;
}

/**
 * The pupil's reason and comment. While the POST still waits, a screenshot
 * the new reason does not allow is dropped here, before it can be sent.
 */
export function afterFollowUp(record: OutboxRecord, update: ReportUpdate, screenshotAllowed: boolean): OutboxRecord {
  // The endpoint takes nothing more for this report: the device keeps the words the endpoint holds.
  if (record.followUpClosed) return record;
  const changed = withFollowUp(record.report, update);
  const next = { ...record, report: { ...changed, screenshot: screenshotAllowed ? changed.screenshot : null } };
  return { ...next, deliveredAt: nextStep(next) === null ? record.deliveredAt : null };
}

/** One picture per report: with the POST if the reason came first, else with the PATCH that carries the reason. */
export function canTakeScreenshot(record: OutboxRecord): boolean {
  return !record.followUpClosed && !record.screenshotSent && record.report.screenshot === null;
}

export function withScreenshot(record: OutboxRecord, screenshot: NonNullable<Report['screenshot']>): OutboxRecord {
  return canTakeScreenshot(record) ? { ...record, report: { ...record.report, screenshot } } : record;
}
