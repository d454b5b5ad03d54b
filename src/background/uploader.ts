/**
 * Moves queued events to the school endpoint: oldest first, in batches capped
 * by count and bytes, gzipped, with the policy's bearer token. Events are
 * deleted only after a 2xx, so a worker stopped mid-upload loses nothing; the
 * endpoint de-duplicates by event id, so the resend duplicates nothing.
 * Network errors, 429 and 5xx back off (state in storage.local, so a new
 * worker resumes it); a permanent 4xx quarantines the batch instead of looping,
 * except a refused identity proof a fresh one can mend, which backs off too.
 * A batch holds one account's events (the proof goes with one account's).
 */
import { afterFailure, type BackoffState, NO_BACKOFF, parseRetryAfter } from '../events/backoff';
import type { DroppedSummary } from '../events/bounds';
import type { FilterEvent } from '../events/model';
import { appendEvent, deleteDelivered, oldestBatch, quarantineBatch, takeDroppedSummary } from '../events/queue';
import { API_PATHS, batchOutcome, MAX_BATCH_BYTES, MAX_BATCH_EVENTS, type BatchOutcome } from '../events/wire';
import { oneAccountRun, proofForRecords } from '../identity/proof-flow';
import { mayWaitForProof, proofRefusalOfReply } from '../identity/proof-refusal';
import { endpointUrl, readEndpoint } from './endpoint';
import { readIdentity } from './identity';
import { currentProof, forgetProof, proofHeaders } from './identity-proof';

const BACKOFF_KEY = 'uploadBackoff';
const LAST_UPLOAD_KEY = 'lastUploadAt';
export const UPLOAD_ALARM = 'upload';
/** A batch's worth waiting is worth sending now rather than at the next alarm (checked after each captured page). */
export const UPLOAD_WHEN_QUEUED = 100;
const RETRY_ALARM = 'upload-retry';

export interface UploadResult {
  delivered: number;
  quarantined: number;
  /** Why it stopped early, if it did. */
  stoppedBy?: 'no-endpoint' | 'backing-off' | 'failure';
}

export async function readBackoff(): Promise<BackoffState> {
  return ((await chrome.storage.local.get(BACKOFF_KEY))[BACKOFF_KEY] as BackoffState | undefined) ?? NO_BACKOFF;
}

async function gzip(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

export class Uploader {
  private running: Promise<UploadResult> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly droppedEvent: (summary: DroppedSummary) => FilterEvent) {}

  /** One upload pass at a time; a call while one runs joins it. */
  uploadNow(): Promise<UploadResult> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * The alarm survives a stopped worker; while this worker lives, a timer is
   * exact (alarms fire no sooner than 30 s). One timer: every navigation
   * while backing off asks again, and must not stack up timers.
   */
  private scheduleRetry(at: number): void {
    void chrome.alarms.create(RETRY_ALARM, { when: at });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.uploadNow(), Math.max(0, at - Date.now()));
  }

  private async pass(): Promise<UploadResult> {
    const result: UploadResult = { delivered: 0, quarantined: 0 };
    const endpoint = await readEndpoint();
    if (!endpoint) return { ...result, stoppedBy: 'no-endpoint' };
    const backoff = await readBackoff();
    if (backoff.nextAttemptAt > Date.now()) {
      this.scheduleRetry(backoff.nextAttemptAt);
      return { ...result, stoppedBy: 'backing-off' };
    }
    // Loss is reported in the same stream as everything else.
    const dropped = await takeDroppedSummary();
    if (dropped) await appendEvent(this.droppedEvent(dropped));

    for (;;) {
      const batch = oneAccountRun(await oldestBatch(MAX_BATCH_EVENTS, MAX_BATCH_BYTES), (record) => record.event.user);
      if (batch.length === 0) break;
      let status = 0;
      let retryAfter: string | null = null;
      let received: BatchOutcome;
      // The proof binds the batch to the signed-in account; without one (none configured, the issuer
      // unreachable) the batch still goes, and the endpoint marks its events unverified.
      const users = batch.map((record) => record.event.user);
      const proof = proofForRecords(await currentProof(), users);
      try {
        const response = await fetch(endpointUrl(endpoint, API_PATHS.events), {
          method: 'POST',
          headers: { Authorization: `Bearer ${endpoint.token}`, ...proofHeaders(proof), 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
          body: await gzip(JSON.stringify({ events: batch.map((record) => record.event) })),
          cache: 'no-store',
          signal: AbortSignal.timeout(30_000),
        });
        status = response.status;
        retryAfter = response.headers.get('Retry-After');
        const text = await response.text();
        received = batchOutcome(status, text, batch.length);
        const refusal = proofRefusalOfReply(status, text);
        if (refusal) {
          await forgetProof();
          if (mayWaitForProof(refusal, users, (await readIdentity()).email)) {
            received = { outcome: 'retry', error: `the endpoint wants a proof of the signed-in account (${refusal.problem}): HTTP ${status}` };
          }
        }
      } catch (failure) {
        received = { outcome: 'retry', error: String(failure) };
      }
      const { outcome, error = '' } = received;
      if (outcome === 'delivered') {
        await deleteDelivered(batch.map((record) => record.seq));
        result.delivered += batch.length;
        await chrome.storage.local.set({ [LAST_UPLOAD_KEY]: Date.now(), [BACKOFF_KEY]: NO_BACKOFF });
        continue;
      }
      if (outcome === 'quarantine') {
        await quarantineBatch(batch, status, error);
        result.quarantined += batch.length;
        continue;
      }
      const next: BackoffState = {
        ...afterFailure(await readBackoff(), Date.now(), Math.random(), parseRetryAfter(retryAfter, Date.now())),
        lastError: error.slice(0, 500),
      };
      await chrome.storage.local.set({ [BACKOFF_KEY]: next });
      this.scheduleRetry(next.nextAttemptAt);
      return { ...result, stoppedBy: 'failure' };
    }
    return result;
  }
}

export function isUploadAlarm(alarm: chrome.alarms.Alarm): boolean {
  return alarm.name === UPLOAD_ALARM || alarm.name === RETRY_ALARM;
}

export async function scheduleUploads(intervalMinutes: number): Promise<void> {
  const existing = await chrome.alarms.get(UPLOAD_ALARM);
  if (existing?.periodInMinutes === intervalMinutes) return;
  await chrome.alarms.create(UPLOAD_ALARM, { periodInMinutes: intervalMinutes, delayInMinutes: intervalMinutes });
}

export async function lastUploadAt(): Promise<number | null> {
  return ((await chrome.storage.local.get(LAST_UPLOAD_KEY))[LAST_UPLOAD_KEY] as number | undefined) ?? null;
}
