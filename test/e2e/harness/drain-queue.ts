/** Uploading the extension's queued events from a test until the queue is empty. */
import type { ExtensionSession } from './browser';
import { queuedEvents } from './queued-events';
import { until } from './until';
import { uploadNow } from './upload-now';

/** Sends everything queued so far, so the next batch holds only what happens next. */
export async function drainQueue(session: ExtensionSession, timeoutMs = 30_000): Promise<void> {
  await until(
    'an empty queue',
    async () => {
      await uploadNow(session);
      return (await queuedEvents(session)).length === 0 ? true : undefined;
    },
    timeoutMs,
  );
}
