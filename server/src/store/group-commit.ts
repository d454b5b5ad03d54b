/**
 * Group commit across requests, for both engines: a batch that arrives while every writer is busy waits, and
 * the batches waiting when a writer is free go into its next transaction together (up to `maxGroupEvents`,
 * whole batches in arrival order). Each request is answered with its own counts once its group is committed.
 * A group the database refuses (nothing of it stored: one transaction) is written again batch by batch, so only
 * the batch that cannot be stored fails, and its device sends it again; a writer that is unavailable fails the
 * whole group at once. Idempotency stays the engine's: within a group an id named twice is stored once, by the
 * first batch naming it, as two transactions in turn would.
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
   * writes (its write-limit counts, its safeguarding evidence), so it never waits, with the event loop stopped,
   * for the writer thread's lock.
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

/**
 * `writers`: how many groups may be written at once. SQLite has one writer (1); PostgreSQL writes transactions
 * side by side on its pool's connections, so a few groups at once keep both its cores and the disk busy.
 */
export function groupCommitter(write: GroupWriter, limits: IngestSettings, writers = 1): GroupCommitter {
  const queue: Waiting[] = [];
  let queuedEvents = 0;
  /** Groups whose transaction is open (sent, not yet answered). */
  let active = 0;
  let pumpScheduled = false;
  const betweenGroups: (() => void)[] = [];
  const idleWaiters: (() => void)[] = [];

  async function answer(group: readonly Waiting[]): Promise<void> {
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
      for (const batch of group) await answer([batch]);
    }
  }

  function schedulePump(): void {
    if (pumpScheduled) return;
    pumpScheduled = true;
    // A turn later: the requests let through meanwhile (their write-limit counts ran between groups) join the next group.
    setImmediate(pump);
  }

  function pump(): void {
    pumpScheduled = false;
    while (active < writers && queue.length > 0) {
      const group = takeGroup(queue, limits.maxGroupEvents);
      queuedEvents -= group.reduce((sum, batch) => sum + batch.events.length, 0);
      active += 1;
      void answer(group).finally(() => {
        active -= 1;
        if (active === 0) for (const work of betweenGroups.splice(0)) work();
        if (queue.length > 0) schedulePump();
        else if (active === 0) for (const resolve of idleWaiters.splice(0)) resolve();
      });
    }
  }

  return {
    submit(events, receipt) {
      // An empty queue takes any batch, so one batch can never be too big to ever be written.
      if (queue.length > 0 && queuedEvents + events.length > limits.maxQueuedEvents) {
        return Promise.reject(new StoreUnavailableError(`the endpoint has ${queuedEvents} events waiting to be stored: send the batch again later`, QUEUE_FULL_RETRY_SECONDS));
      }
      const answered = new Promise<BatchCounts>((resolve, reject) => queue.push({ events, receipt, resolve, reject }));
      queuedEvents += events.length;
      schedulePump();
      return answered;
    },
    between(work) {
      if (active === 0) {
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
    idle() {
      if (active === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
