/**
 * The wire format between the extension and the school endpoint: paths,
 * request and reply bodies, and what each status code means. The endpoint
 * validates with these same schemas (server/ imports them).
 *
 * POST /v1/events
 *   Authorization: Bearer <token from policy>
 *   Content-Type: application/json; Content-Encoding: gzip (optional)
 *   Body: { events: FilterEvent[] }   (1..MAX_BATCH_EVENTS events, ≤ MAX_BATCH_BYTES uncompressed)
 *   200 { accepted, duplicates }      stored; an id seen before counts as a duplicate, not an error,
 *                                     so a retried batch is harmless (idempotent by event id)
 *   400 { error, issues? }            malformed JSON, gzip or events: permanent, the client quarantines
 *   401 / 403 { error }               unknown token / token without the `events` scope: permanent
 *   401 / 403 { error, problem }      the identity proof (X-Identity-Proof, src/shared/identity-proof.ts)
 *                                     was refused where the school requires one (401), or is for another
 *                                     account than a record names (403); 503 `issuer-unreachable`: retry
 *   413 { error }                     body too large: permanent for that batch
 *   415 { error }                     unsupported Content-Encoding or Content-Type
 *   429 (Retry-After) / 5xx           transient: the client backs off and retries
 *
 * Reports (POST /v1/reports, PATCH /v1/reports/:id) and lesson allowlists
 * (GET/POST /v1/overrides, POST /v1/overrides/:id/end) have their own
 * contracts beside their schemas: src/reports/model.ts, src/overrides/model.ts.
 * The same status rules hold there; in addition 404 is an unknown id, 422
 * a request the endpoint understood and refuses (a locked domain), and 409 a
 * report follow-up after staff have started on the report (final: the report
 * itself is delivered).
 */
import { z } from 'zod';
import { PROOF_PROBLEMS } from '../shared/identity-proof';
import { eventSchema } from './model';

export const API_PATHS = {
  health: '/v1/health',
  events: '/v1/events',
  reports: '/v1/reports',
  overrides: '/v1/overrides',
} as const;

export const MAX_BATCH_EVENTS = 500;
/** Uncompressed JSON bytes of one batch; the endpoint refuses larger bodies with 413. */
export const MAX_BATCH_BYTES = 512 * 1024;

export const eventBatchSchema = z.object({
  events: z.array(eventSchema).min(1).max(MAX_BATCH_EVENTS),
});

export const eventBatchReplySchema = z.object({
  accepted: z.int().min(0),
  duplicates: z.int().min(0),
});

export const errorReplySchema = z.object({
  error: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** Why an identity proof was not accepted, when that is the refusal. */
  problem: z.enum(PROOF_PROBLEMS).optional(),
});

export type EventBatch = z.infer<typeof eventBatchSchema>;
export type EventBatchReply = z.infer<typeof eventBatchReplySchema>;

/** How the client treats each status (uploader, unit tested). */
export type DeliveryOutcome = 'delivered' | 'retry' | 'quarantine';

export function outcomeOf(status: number): DeliveryOutcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'quarantine';
}

export interface BatchOutcome {
  outcome: DeliveryOutcome;
  /** Why it was not delivered, for the status page. */
  error?: string;
}

/**
 * A 2xx counts as delivery only when the endpoint's own receipt accounts for
 * every event in the batch. A captive portal or a misconfigured URL also
 * answers 200 (with HTML); deleting on that would lose the batch silently, so
 * it is retried with backoff, and the reason shown, instead.
 */
export function batchOutcome(status: number, replyText: string, batchSize: number): BatchOutcome {
  const outcome = outcomeOf(status);
  if (outcome !== 'delivered') return { outcome, error: `HTTP ${status}${replyText ? `: ${replyText.slice(0, 300)}` : ''}` };
  let reply: unknown;
  try {
    reply = JSON.parse(replyText);
  } catch {
    return { outcome: 'retry', error: `HTTP ${status} but the reply is not the endpoint's receipt (is the URL right, or is a captive portal answering?)` };
  }
  const receipt = eventBatchReplySchema.safeParse(reply);
  if (!receipt.success) return { outcome: 'retry', error: `HTTP ${status} but the reply is not the endpoint's receipt` };
  if (receipt.data.accepted + receipt.data.duplicates !== batchSize) {
    return { outcome: 'retry', error: `the endpoint acknowledged ${receipt.data.accepted + receipt.data.duplicates} of ${batchSize} events` };
  }
  return { outcome: 'delivered' };
}
