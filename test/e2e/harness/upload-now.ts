import type { UploadResult } from '../../../src/background/uploader';
import type { ExtensionSession } from './browser';

/** One upload pass in the worker, now (the worker's own `schoolFilter.uploadNow`). */
export async function uploadNow(session: ExtensionSession): Promise<UploadResult> {
  return session.evaluateInWorker(() => (globalThis as unknown as { schoolFilter: { uploadNow(): Promise<UploadResult> } }).schoolFilter.uploadNow());
}
