import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { eventWithoutUncarriedAddress } from '../../../src/events/uncarried-address';
import { API_PATHS, eventBatchSchema, MAX_BATCH_BYTES, type EventBatchReply } from '../../../src/events/wire';
import type { AppContext } from '../context';
import { requirePermission } from '../http/bearer';
import { HttpError, parseOr400 } from '../http/errors';
import { proofForRecords } from '../http/identity-proof';
import { observeBatch } from '../monitoring/observe';
import { receiptOf } from './receipt';
import { StoreUnavailableError } from '../store/unavailable';
import { receiptSchool } from '../schools/scope';
import { countedAccounts, enforceWriteLimit, provenAccount } from './write-limit';

/** Batches from the extension's uploader: all stored or none, idempotent by event id. */
export function registerEvents(app: FastifyInstance, context: AppContext): void {
  app.post(
    API_PATHS.events,
    { onRequest: requirePermission(context.tokens, 'events:write'), config: { maxBodyBytes: MAX_BATCH_BYTES } },
    async (request): Promise<EventBatchReply> => {
      const batch = parseOr400(eventBatchSchema, request.body, 'event batch');
      // An illegal-feed address is never stored, whatever a device sends (the device's own rule, applied again).
      const events = batch.events.map(eventWithoutUncarriedAddress);
      // Refused whole when a valid proof is for another account than any event names: all stored or none.
      const users = events.map((event) => event.user);
      const proof = await proofForRecords(request, context, users);
      // Before anything is stored: a refused batch stays queued on the device and comes back after Retry-After.
      await enforceWriteLimit(context, request, 'events', countedAccounts(users, provenAccount(proof)), batch.events.length);
      const receipt = { ...receiptOf(request, context.now()), proof };
      // Stored first: what follows can never lose an event. Answered only once the batch is committed.
      const stored = await storedOr5xx(context.store.events.insert(events, receipt), request.log);
      // Awaited, so a high-severity alert exists (and the notifier has been called) by the time the device hears back.
      if (!(await observeBatch(context, events, receipt.receivedAt, request.log, receiptSchool(receipt)))) {
        // The device keeps the batch and sends it again; its events are held already, its evidence is recorded then.
        throw new HttpError(503, 'the events are stored, but checking them for safeguarding alerts failed: send the batch again', undefined, { 'Retry-After': '30' });
      }
      return stored;
    },
  );
}

/**
 * A store that cannot take the batch now (its queue is full, its writer stopped) is a 503 with Retry-After; one
 * that failed to write it (its transaction rolled back) a 500 that says so. Either way nothing of the batch is
 * held that the device is told was, and the device keeps the batch and sends it again.
 */
async function storedOr5xx<T>(stored: Promise<T>, log: FastifyBaseLogger): Promise<T> {
  try {
    return await stored;
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      // Said in the log too: a writer that cannot start would otherwise only show as devices retrying.
      log.warn({ reason: error.message }, 'an event batch was refused for now; its device sends it again');
      throw new HttpError(503, error.message, undefined, { 'Retry-After': String(error.retryAfterSeconds) });
    }
    log.error({ err: error }, 'storing an event batch failed; its transaction was rolled back');
    throw new HttpError(500, 'the batch could not be stored: send it again');
  }
}
