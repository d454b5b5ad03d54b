import type { FastifyInstance } from 'fastify';
import { eventWithoutUncarriedAddress } from '../../../src/events/uncarried-address';
import { API_PATHS, eventBatchSchema, MAX_BATCH_BYTES, type EventBatchReply } from '../../../src/events/wire';
import type { AppContext } from '../context';
import { requirePermission } from '../http/bearer';
import { parseOr400 } from '../http/errors';
import { observeBatch } from '../monitoring/observe';
import { receiptOf } from './receipt';

/** Batches from the extension's uploader: all stored or none, idempotent by event id. */
export function registerEvents(app: FastifyInstance, context: AppContext): void {
  app.post(
    API_PATHS.events,
    { onRequest: requirePermission(context.tokens, 'events:write'), config: { maxBodyBytes: MAX_BATCH_BYTES } },
    async (request): Promise<EventBatchReply> => {
      const batch = parseOr400(eventBatchSchema, request.body, 'event batch');
      // An illegal-feed address is never stored, whatever a device sends (the device's own rule, applied again).
      const events = batch.events.map(eventWithoutUncarriedAddress);
      const receipt = receiptOf(request, context.now());
      // Stored first: what follows may fail (it is logged) but can never lose an event or fail the upload.
      const stored = await context.store.events.insert(events, receipt);
      // Awaited, so a high-severity alert exists (and the notifier has been called) by the time the device hears back;
      // it never throws (monitoring/observe.ts).
      await observeBatch(context, events, receipt.receivedAt, request.log);
      return stored;
    },
  );
}
