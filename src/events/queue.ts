/**
 * The on-device event queue in IndexedDB. Every change (append, eviction,
 * delivery, quarantine) is one transaction that also updates the running
 * totals, so the bounds hold and nothing is half-written when Chrome stops
 * the worker mid-way.
 */
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import { addDropped, DEFAULT_QUEUE_LIMITS, type DroppedSummary, eventBytes, isEvictable, overBounds, type QueueLimits, type QueueTotals } from './bounds';
import type { FilterEvent } from './model';

export interface QueuedRecord {
  seq?: number;
  type: FilterEvent['type'];
  bytes: number;
  /** 1 for navigation-like events that may be evicted; an index on it finds the oldest fast. */
  evictable: 0 | 1;
  event: FilterEvent;
}

export interface QuarantinedBatch {
  id: string;
  at: number;
  status: number;
  error: string;
  events: FilterEvent[];
}

interface QueueDb extends DBSchema {
  events: { key: number; value: QueuedRecord; indexes: { byType: string; byEvictable: number } };
  quarantine: { key: string; value: QuarantinedBatch };
  meta: { key: string; value: QueueTotals | DroppedSummary };
}

export const QUEUE_DB_NAME = 'school-filter-events';
const TOTALS = 'totals';
const DROPPED = 'dropped';

let db: Promise<IDBPDatabase<QueueDb>> | undefined;

function open(): Promise<IDBPDatabase<QueueDb>> {
  db ??= openDB<QueueDb>(QUEUE_DB_NAME, 2, {
    upgrade(database, oldVersion) {
      // Version 1 (policy events only, unwrapped) predates any release: start clean.
      if (oldVersion === 1) database.deleteObjectStore('events' as never);
      const events = database.createObjectStore('events', { keyPath: 'seq', autoIncrement: true });
      events.createIndex('byType', 'type');
      events.createIndex('byEvictable', 'evictable');
      database.createObjectStore('quarantine', { keyPath: 'id' });
      database.createObjectStore('meta');
    },
  });
  return db;
}

type WriteTx = IDBPTransaction<QueueDb, ('events' | 'meta')[], 'readwrite'>;

async function totalsIn(tx: WriteTx): Promise<QueueTotals> {
  return ((await tx.objectStore('meta').get(TOTALS)) as QueueTotals | undefined) ?? { count: 0, bytes: 0 };
}

/** Appends one event, evicting the oldest evictable ones first if the queue is full. Returns false if the event itself was let go. */
export async function appendEvent(event: FilterEvent, limits: QueueLimits = DEFAULT_QUEUE_LIMITS): Promise<boolean> {
  const database = await open();
  const tx = database.transaction(['events', 'meta'], 'readwrite');
  const totals = await totalsIn(tx);
  const bytes = eventBytes(event);
  let dropped = (await tx.objectStore('meta').get(DROPPED)) as DroppedSummary | undefined;
  let cursor = await tx.objectStore('events').index('byEvictable').openCursor(IDBKeyRange.only(1));
  while (overBounds(totals, bytes, limits) && cursor) {
    totals.count -= 1;
    totals.bytes -= cursor.value.bytes;
    dropped = addDropped(dropped, cursor.value.event);
    await cursor.delete();
    cursor = await cursor.continue();
  }
  const evictable = isEvictable(event.type);
  let stored = true;
  if (overBounds(totals, bytes, limits) && evictable) {
    // Nothing older may go: a navigation event is not worth a block or a report.
    dropped = addDropped(dropped, event);
    stored = false;
  } else {
    await tx.objectStore('events').add({ type: event.type, bytes, evictable: evictable ? 1 : 0, event });
    totals.count += 1;
    totals.bytes += bytes;
  }
  await tx.objectStore('meta').put(totals, TOTALS);
  if (dropped) await tx.objectStore('meta').put(dropped, DROPPED);
  await tx.done;
  return stored;
}

/** Takes the pending drop summary (and clears it) so it can be reported as a `dropped` event. */
export async function takeDroppedSummary(): Promise<DroppedSummary | undefined> {
  const database = await open();
  const tx = database.transaction('meta', 'readwrite');
  const summary = (await tx.store.get(DROPPED)) as DroppedSummary | undefined;
  if (summary) await tx.store.delete(DROPPED);
  await tx.done;
  return summary;
}

/** The oldest events, up to the batch caps, in queue order. */
export async function oldestBatch(maxEvents: number, maxBytes: number): Promise<Required<QueuedRecord>[]> {
  const database = await open();
  const batch: Required<QueuedRecord>[] = [];
  let bytes = 0;
  let cursor = await database.transaction('events').store.openCursor();
  while (cursor && batch.length < maxEvents) {
    // Always take at least one, even an oversize one, so the queue cannot stall.
    if (batch.length > 0 && bytes + cursor.value.bytes > maxBytes) break;
    batch.push(cursor.value as Required<QueuedRecord>);
    bytes += cursor.value.bytes;
    cursor = await cursor.continue();
  }
  return batch;
}

async function removeRecords(tx: WriteTx, seqs: readonly number[]): Promise<void> {
  const totals = await totalsIn(tx);
  for (const seq of seqs) {
    const record = await tx.objectStore('events').get(seq);
    if (!record) continue;
    await tx.objectStore('events').delete(seq);
    totals.count -= 1;
    totals.bytes -= record.bytes;
  }
  await tx.objectStore('meta').put(totals, TOTALS);
}

/** After a 2xx: the receiver has them, so they go. */
export async function deleteDelivered(seqs: readonly number[]): Promise<void> {
  const database = await open();
  const tx = database.transaction(['events', 'meta'], 'readwrite');
  await removeRecords(tx, seqs);
  await tx.done;
}

/** After a permanent 4xx: kept aside, visible on the status page, not retried in a loop. */
export async function quarantineBatch(records: readonly Required<QueuedRecord>[], status: number, error: string): Promise<void> {
  const database = await open();
  const tx = database.transaction(['events', 'meta', 'quarantine'], 'readwrite');
  await tx.objectStore('quarantine').put({ id: crypto.randomUUID(), at: Date.now(), status, error, events: records.map((r) => r.event) });
  await removeRecords(tx as unknown as WriteTx, records.map((r) => r.seq));
  await tx.done;
}

export async function queueTotals(): Promise<QueueTotals> {
  const database = await open();
  return ((await database.get('meta', TOTALS)) as QueueTotals | undefined) ?? { count: 0, bytes: 0 };
}

export type QuarantineSummary = Omit<QuarantinedBatch, 'events'> & { eventCount: number };

export async function quarantinedBatches(): Promise<QuarantineSummary[]> {
  const database = await open();
  return (await database.getAll('quarantine')).map(({ events, ...rest }) => ({ ...rest, eventCount: events.length }));
}

export async function eventsOfType<T extends FilterEvent['type']>(type: T): Promise<Extract<FilterEvent, { type: T }>[]> {
  const database = await open();
  return (await database.getAllFromIndex('events', 'byType', type)).map((record) => record.event) as Extract<FilterEvent, { type: T }>[];
}
