/** Uploading the extension's queued events now, from a test: once, or until the queue is empty. */
import type { ExtensionSession } from './browser';
import { queuedEvents } from './queued-events';

export async function uploadNow(session: ExtensionSession): Promise<unknown> {
  return session.evaluateInWorker(() => (globalThis as unknown as { schoolFilter: { uploadNow(): Promise<unknown> } }).schoolFilter.uploadNow());
}

/** Polls `probe` until it gives a value. */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

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
