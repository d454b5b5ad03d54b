/**
 * The main thread's side of SQLite's writer thread (writer-thread.ts): started at the first write, each
 * request answered when the thread has committed it. A thread that fails a write answers with the error
 * (nothing of it stored: one transaction); a thread that stops (a crash, killed) fails every request it held
 * with StoreUnavailableError and the next write starts a new one. A thread stopped after a commit but before
 * its answer leaves a batch stored that its device was told was not: the device sends it again and it is
 * counted as duplicates, so nothing is lost or doubled either way.
 */
import { Worker } from 'node:worker_threads';
import type { BatchCounts, PendingBatch } from '../../group-commit';
import { StoreUnavailableError } from '../../unavailable';
import type { WriterData, WriterReply, WriterRequest } from './protocol';

/** How long a device waits after the writer stopped: a new thread starts at the next write. */
export const WRITER_STOPPED_RETRY_SECONDS = 5;

type Request = WriterRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface SqliteWriter {
  insertEvents(group: readonly PendingBatch[]): Promise<BatchCounts[]>;
  /** After every write sent is answered: the thread closes its connection and ends. */
  close(): Promise<void>;
  /** The thread now running, if any (tests stop it to show what a crash does). */
  thread(): Worker | null;
}

export function startSqliteWriter(path: string): SqliteWriter {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve(result: unknown): void; reject(error: unknown): void }>();

  function stopped(which: Worker, reason: string): void {
    if (worker !== which) return;
    worker = null;
    const error = new StoreUnavailableError(`the database writer stopped (${reason}): the write may not be stored; send it again`, WRITER_STOPPED_RETRY_SECONDS);
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  }

  function running(): Worker {
    if (worker) return worker;
    const started = new Worker(new URL('./boot.mjs', import.meta.url), { workerData: { path } satisfies WriterData });
    started.on('message', (reply: WriterReply) => {
      const request = waiting.get(reply.id);
      if (!request) return;
      waiting.delete(reply.id);
      if (reply.ok) request.resolve(reply.result);
      else request.reject(new Error(reply.message));
      // Idle, it must not keep a process alive that has nothing else to do (a CLI command, a test).
      if (waiting.size === 0) started.unref();
    });
    started.on('error', (error) => stopped(started, error.message));
    started.on('exit', (code) => stopped(started, `exit code ${code}`));
    worker = started;
    return started;
  }

  function send<T>(request: Request): Promise<T> {
    const thread = running();
    const id = nextId++;
    thread.ref();
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (result: unknown) => void, reject });
      thread.postMessage({ ...request, id });
    });
  }

  return {
    insertEvents: (group) => send<BatchCounts[]>({ op: 'insertEvents', group }),
    async close() {
      const thread = worker;
      if (!thread) return;
      const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      thread.ref();
      thread.postMessage({ id: nextId++, op: 'close' } satisfies WriterRequest);
      await exited;
    },
    thread: () => worker,
  };
}
