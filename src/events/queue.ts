/**
 * The on-device event queue in IndexedDB. Appends are transactional: an event
 * is either stored whole or not at all, and survives the worker being stopped.
 * Bounds, eviction and upload build on this (events issue).
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { FilterEvent } from './model';

interface QueueDb extends DBSchema {
  events: { key: number; value: FilterEvent & { seq?: number }; indexes: { byType: string } };
}

export const QUEUE_DB_NAME = 'school-filter-events';

let db: Promise<IDBPDatabase<QueueDb>> | undefined;

function open(): Promise<IDBPDatabase<QueueDb>> {
  db ??= openDB<QueueDb>(QUEUE_DB_NAME, 1, {
    upgrade(database) {
      const store = database.createObjectStore('events', { keyPath: 'seq', autoIncrement: true });
      store.createIndex('byType', 'type');
    },
  });
  return db;
}

export async function appendEvent(event: FilterEvent): Promise<void> {
  const database = await open();
  const tx = database.transaction('events', 'readwrite');
  await Promise.all([tx.store.add(event), tx.done]);
}

export async function eventsOfType<T extends FilterEvent['type']>(type: T): Promise<Extract<FilterEvent, { type: T }>[]> {
  const database = await open();
  return (await database.getAllFromIndex('events', 'byType', type)) as Extract<FilterEvent, { type: T }>[];
}
