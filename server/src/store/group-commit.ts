/**
 * Group commit across requests, for both engines: a batch that arrives while a write is under way waits, and
 * every batch waiting when it ends goes into the next transaction together (up to `maxGroupEvents`, whole
 * batches in arrival order). Each request is answered with its own counts once the group is committed; if
 * the group fails, every request in it fails (nothing of it is stored: one transaction) and the devices send
 * their batches again. Idempotency stays the engine's: within a group an id named twice is stored once, by
 * the first batch naming it, as two transactions in turn would.
 *
 * Bounded: a batch that would take the waiting events past `maxQueuedEvents` is refused at once
 * (StoreUnavailableError, the route's 503), never held in a queue that grows without end.
 */
import type { FilterEvent } from '../../../src/events/model';
import type { IngestSettings } from '../config/ingest';
import type { Receipt } from './store';
import { StoreUnavailableError } from './unavailable';

export interface PendingBatch {
  events: readonly FilterEvent[];
  receipt: Receipt;
}

export interface BatchCounts {
  accepted: number;
  duplicates: number;
}

/** Writes a group in one transaction; the counts in the group's order. Throws: nothing of the group stored. */
export type GroupWriter = (group: readonly PendingBatch[]) => Promise<BatchCounts[]>;

/** How long a device refused for a full queue waits: about what the queue takes to drain. */
export const QUEUE_FULL_RETRY_SECONDS = 5;

interface Waiting extends PendingBatch {
  resolve(counts: BatchCounts): void;
  reject(error: unknown): void;
}

export interface GroupCommitter {
  submit(events: readonly FilterEvent[], receipt: Receipt): Promise<BatchCounts>;
  /**
   * Runs `work` (synchronous) while no group's transaction is open: at once, or as soon as the current group
   * is answered and before the next is taken. SQLite's main connection writes through it what every upload
   * writes (its write-limit counts), so it never waits, with the event loop stopped, for the writer thread's lock.
   */
  between<T>(work: () => T): Promise<T>;
  /** Resolves once nothing is waiting or being written (closing the store waits for it). */
  idle(): Promise<void>;
}

/** The next group: whole batches from the head, at least one, within `maxEvents`. */
export function takeGroup<T extends { events: readonly unknown[] }>(queue: T[], maxEvents: number): T[] {
  let events = 0;
  let count = 0;
  while (count < queue.length && (count === 0 || events + queue[count]!.events.length <= maxEvents)) {
    events += queue[count]!.events.length;
    count += 1;
  }
  return queue.splice(0, count);
}

export function groupCommitter(write: GroupWriter, limits: IngestSettings): GroupCommitter {
  const queue: Waiting[] = [];
  let queuedEvents = 0;
  /** The loop writing groups, while there is one; cleared in the same turn as it finds the queue empty. */
  let writing: Promise<void> | null = null;
  /** A group's transaction is open (between sending it and its answer). */
  let inTransaction = false;
  const betweenGroups: (() => void)[] = [];

  async function answer(group: readonly Waiting[]): Promise<void> {
    inTransaction = true;
    try {
      // Only what is written crosses to the writer (a thread, on SQLite): never the requests' callbacks.
      const counts = await write(group.map(({ events, receipt }) => ({ events, receipt })));
      group.forEach((batch, index) => batch.resolve(counts[index]!));
    } catch (error) {
      if (group.length === 1 || error instanceof StoreUnavailableError) {
        for (const batch of group) batch.reject(error);
        return;
      }
      // One batch the database refuses must not fail every device it was grouped with, again at each retry: alone, only it fails.
      inTransaction = false;
      for (const batch of group) await answer([batch]);
    } finally {
      inTransaction = false;
    }
  }

  async function writeWhileWaiting(): Promise<void> {
    // One turn first: batches submitted in the same turn join the first group, and `writing` is set before this can end.
    await Promise.resolve();
    while (queue.length > 0) {
      const group = takeGroup(queue, limits.maxGroupEvents);
      queuedEvents -= group.reduce((sum, batch) => sum + batch.events.length, 0);
      await answer(group);
      for (const work of betweenGroups.splice(0)) work();
      // The requests just let through (their write-limit counts ran above) reach the queue before the next group is taken.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    writing = null;
  }

  return {
    submit(events, receipt) {
      // An empty queue takes any batch, so one batch can never be too big to ever be written.
      if (queue.length > 0 && queuedEvents + events.length > limits.maxQueuedEvents) {
        return Promise.reject(new StoreUnavailableError(`the endpoint has ${queuedEvents} events waiting to be stored: send the batch again later`, QUEUE_FULL_RETRY_SECONDS));
      }
      const answered = new Promise<BatchCounts>((resolve, reject) => queue.push({ events, receipt, resolve, reject }));
      queuedEvents += events.length;
      writing ??= writeWhileWaiting();
      return answered;
    },
    between(work) {
      if (!inTransaction) {
        // Now, synchronously: a group taken after this sees its writes done.
        try {
          return Promise.resolve(work());
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return new Promise((resolve, reject) =>
        betweenGroups.push(() => {
          try {
            resolve(work());
          } catch (error) {
            reject(error);
          }
        }),
      );
    },
    async idle() {
      while (writing) await writing;
    },
  };
}
