/** What the main thread and SQLite's writer thread say to each other (writer-client.ts, writer-thread.ts). */
import type { BatchCounts, PendingBatch } from '../../group-commit';

export type WriterRequest =
  | { id: number; op: 'insertEvents'; group: readonly PendingBatch[] }
  /** The last message: the thread closes its connection and ends. */
  | { id: number; op: 'close' };

export type WriterReply = { id: number; ok: true; result: BatchCounts[] } | { id: number; ok: false; message: string };

export interface WriterData {
  path: string;
}
