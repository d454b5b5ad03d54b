/**
 * Delivers the report outbox to the school endpoint, on its own channel: a new
 * report or follow-up is tried at once (even while backing off: a pupil is
 * waiting, and one request costs nothing), everything else oldest first.
 * Network errors, 408, 429 and 5xx back off with jitter (a 429's Retry-After
 * holds even a pupil's new report back: it stays queued); the state lives in
 * storage.local and an alarm, so a worker Chrome stopped in between still
 * retries, and every wake tries again. Decisions are in
 * src/reports/outbox-record.ts; this file only carries them out.
 */
import { afterFailure, NO_BACKOFF, parseRetryAfter } from '../../events/backoff';
import { API_PATHS } from '../../events/wire';
import { reportPath } from '../../reports/model';
import {
  afterAcknowledged,
  afterClosed,
  afterRefused,
  isExpired,
  mayTryNow,
  nextStep,
  type OutboxRecord,
  outcomeOfResponse,
  REPORT_BACKOFF,
  type ReportBackoff,
  requestOf,
  type Step,
} from '../../reports/outbox-record';
import { proofForRecords } from '../../identity/proof-flow';
import { mayWaitForProof, proofRefusalOfReply } from '../../identity/proof-refusal';
import { type Endpoint, endpointUrl, readEndpoint } from '../endpoint';
import { readIdentity } from '../identity';
import { currentProof, forgetProof, proofHeaders } from '../identity-proof';
import { allRecords, deleteRecord, getRecord, updateRecord } from './outbox-db';

const BACKOFF_KEY = 'reportBackoff';
export const REPORT_RETRY_ALARM = 'report-retry';
const REQUEST_TIMEOUT_MS = 10_000;

export interface FlushResult {
  acknowledged: number;
  refused: number;
  /** Follow-ups the endpoint would not take because staff had started on the report (final; the report itself is there). */
  closed: number;
  stoppedBy?: 'no-endpoint' | 'backing-off' | 'failure';
}

export async function readReportBackoff(): Promise<ReportBackoff> {
  return ((await chrome.storage.local.get(BACKOFF_KEY))[BACKOFF_KEY] as ReportBackoff | undefined) ?? NO_BACKOFF;
}

interface Answer {
  status: number | null;
  retryAfter: string | null;
  error: string;
}

async function send(endpoint: Endpoint, record: OutboxRecord, step: Step, body: unknown): Promise<Answer> {
  // As with events: a report goes with or without a proof, and the endpoint marks which.
  const proof = proofForRecords(await currentProof(), [record.report.user]);
  try {
    const response = await fetch(endpointUrl(endpoint, step === 'post' ? API_PATHS.reports : reportPath(record.id)), {
      method: step === 'post' ? 'POST' : 'PATCH',
      headers: { Authorization: `Bearer ${endpoint.token}`, ...proofHeaders(proof), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const error = response.ok ? '' : (await response.text().catch(() => '')).slice(0, 500);
    return { status: response.status, retryAfter: response.headers.get('Retry-After'), error };
  } catch (failure) {
    return { status: null, retryAfter: null, error: String(failure) };
  }
}

export class ReportSender {
  private running: Promise<FlushResult> | undefined;
  private queued: Promise<FlushResult> | undefined;
  private queuedForce = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * One pass at a time. A call while one runs gets one more pass after it
   * (shared by every such call), because the running pass may have read the
   * outbox before this caller's change: a report added mid-pass is never left
   * for the next alarm, and its caller learns how it went.
   */
  flush(options: { force?: boolean } = {}): Promise<FlushResult> {
    const force = options.force ?? false;
    if (!this.running) {
      this.running = this.pass(force).finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queuedForce ||= force;
    this.queued ??= this.running.then(
      () => this.startQueued(),
      () => this.startQueued(),
    );
    return this.queued;
  }

  private startQueued(): Promise<FlushResult> {
    const force = this.queuedForce;
    this.queued = undefined;
    this.queuedForce = false;
    return this.flush({ force });
  }

  /** While this worker lives a timer is exact (alarms fire no sooner than 30 s); the alarm covers a stopped worker. */
  private scheduleRetry(at: number): void {
    void chrome.alarms.create(REPORT_RETRY_ALARM, { when: at });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.flush(), Math.max(0, at - Date.now()));
  }

  private async pass(force: boolean): Promise<FlushResult> {
    const result: FlushResult = { acknowledged: 0, refused: 0, closed: 0 };
    const now = Date.now();
    const records = (await allRecords()).sort((a, b) => a.createdAt - b.createdAt);
    for (const record of records.filter((r) => isExpired(r, now))) await deleteRecord(record.id);
    if (!records.some((record) => nextStep(record) !== null)) return result;

    const endpoint = await readEndpoint();
    // No endpoint in the policy yet: reports wait on the device, like the log.
    if (!endpoint) return { ...result, stoppedBy: 'no-endpoint' };
    const backoff = await readReportBackoff();
    if (!mayTryNow(backoff, force, Date.now())) {
      this.scheduleRetry(backoff.nextAttemptAt);
      return { ...result, stoppedBy: 'backing-off' };
    }

    for (const { id } of records) {
      // Re-read each time: a follow-up may have changed it since the pass began.
      for (;;) {
        const record = await getRecord(id);
        const step = record ? nextStep(record) : null;
        if (!record || !step) break;
        const { body, tells, carriesScreenshot } = requestOf(record, step);
        const answer = await send(endpoint, record, step, body);
        const refusal = proofRefusalOfReply(answer.status, answer.error);
        if (refusal) await forgetProof();
        // A refused proof a fresh one can mend waits like an outage; the report is not given up.
        const waits = refusal !== null && mayWaitForProof(refusal, [record.report.user], (await readIdentity()).email);
        const outcome = waits ? 'retry' : outcomeOfResponse(answer.status, step);
        if (outcome === 'acknowledged') {
          await updateRecord(id, (current) => afterAcknowledged(current, step, tells, Date.now(), carriesScreenshot));
          await chrome.storage.local.set({ [BACKOFF_KEY]: NO_BACKOFF });
          result.acknowledged += 1;
          continue;
        }
        if (outcome === 'closed') {
          console.warn(`the endpoint takes no more follow-ups for report ${id}: staff have started on it`);
          await updateRecord(id, (current) => afterClosed(current, Date.now()));
          result.closed += 1;
          break;
        }
        if (outcome === 'refused') {
          console.error(`the endpoint refused report ${id} (${step}, HTTP ${answer.status}): ${answer.error}`);
          await updateRecord(id, (current) => afterRefused(current, step, answer.status ?? 0, answer.error, Date.now()));
          result.refused += 1;
          break;
        }
        const current = await readReportBackoff();
        // Only scheduled retries lengthen the wait: a pupil pressing the button (or adding a reason) three
        // times during a short outage must not push the next retry minutes away.
        // A 429 always sets the wait: its Retry-After is the endpoint's limit, not a guess.
        const next: ReportBackoff =
          force && current.nextAttemptAt > Date.now() && answer.status !== 429
            ? current
            : { ...afterFailure(current, Date.now(), Math.random(), parseRetryAfter(answer.retryAfter, Date.now()), REPORT_BACKOFF), rateLimited: answer.status === 429 };
        await chrome.storage.local.set({ [BACKOFF_KEY]: next });
        this.scheduleRetry(next.nextAttemptAt);
        return { ...result, stoppedBy: 'failure' };
      }
    }
    return result;
  }
}

export function isReportRetryAlarm(alarm: chrome.alarms.Alarm): boolean {
  return alarm.name === REPORT_RETRY_ALARM;
}
