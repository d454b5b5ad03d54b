/**
 * The report outbox in IndexedDB: its own database, apart from the event
 * queue, because reports are never batched, never evicted and never dropped.
 * Every change is one read-modify-write transaction, so a follow-up and a
 * delivery acknowledgement cannot overwrite each other.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { OutboxRecord } from '../../reports/outbox-record';

interface ReportsDb extends DBSchema {
  outbox: { key: string; value: OutboxRecord };
}

export const REPORTS_DB_NAME = 'school-filter-reports';

let db: Promise<IDBPDatabase<ReportsDb>> | undefined;

function open(): Promise<IDBPDatabase<ReportsDb>> {
  db ??= openDB<ReportsDb>(REPORTS_DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore('outbox', { keyPath: 'id' });
    },
  });
  return db;
}

export async function addRecord(record: OutboxRecord): Promise<void> {
  await (await open()).add('outbox', record);
}

export async function getRecord(id: string): Promise<OutboxRecord | undefined> {
  return (await open()).get('outbox', id);
}

export async function allRecords(): Promise<OutboxRecord[]> {
  return (await open()).getAll('outbox');
}

/** Applies `change` to the stored record in one transaction; returns the result, or undefined if there is no such record. */
export async function updateRecord(id: string, change: (record: OutboxRecord) => OutboxRecord): Promise<OutboxRecord | undefined> {
  const tx = (await open()).transaction('outbox', 'readwrite');
  const current = await tx.store.get(id);
  if (!current) {
    await tx.done;
    return undefined;
  }
  const next = change(current);
  await tx.store.put(next);
  await tx.done;
  return next;
}

export async function deleteRecord(id: string): Promise<void> {
  await (await open()).delete('outbox', id);
}
