/**
 * Reads the extension's IndexedDB event queue from inside its worker with the
 * raw IndexedDB API (not the extension's own code), so a test checks what was
 * really stored.
 */
import type { ExtensionSession } from './browser';

export async function queuedEvents(session: ExtensionSession, type?: string): Promise<Record<string, unknown>[]> {
  const all = await session.evaluateInWorker(
    () =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const request = indexedDB.open('school-filter-events');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('events')) {
            db.close();
            resolve([]);
            return;
          }
          const read = db.transaction('events').objectStore('events').getAll();
          read.onsuccess = () => {
            db.close();
            // Records wrap the event with queue bookkeeping (seq, bytes, evictable).
            resolve((read.result as { event: Record<string, unknown> }[]).map((record) => record.event));
          };
          read.onerror = () => reject(read.error);
        };
      }),
  );
  return type ? all.filter((event) => event.type === type) : all;
}
