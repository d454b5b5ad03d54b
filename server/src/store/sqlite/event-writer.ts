/**
 * SQLite's event insert, synchronous, on whichever connection it is given: the writer thread's
 * (writer-thread.ts) in the endpoint, the bench's own in process. A group of batches (group-commit.ts) is
 * one IMMEDIATE transaction; each batch's rows go in row by row (INSERT OR IGNORE: an id already held, or
 * named by an earlier batch of the group, is that batch's duplicate) and then move its devices' records.
 */
import type { Database } from 'better-sqlite3';
import { EVENT_INSERT_COLUMN_LIST, EVENT_INSERT_COLUMNS, eventInsertValues, eventToStore } from '../event-columns';
import type { BatchCounts, PendingBatch } from '../group-commit';
import { deviceRecorder, type StoredEvent } from './device-records';

export function sqliteGroupWriter(db: Database): (group: readonly PendingBatch[]) => BatchCounts[] {
  const insertOne = db.prepare(`INSERT OR IGNORE INTO events (${EVENT_INSERT_COLUMN_LIST}) VALUES (${EVENT_INSERT_COLUMNS.map(() => '?').join(', ')})`);
  const recordDevices = deviceRecorder(db);

  function insertBatch({ events, receipt }: PendingBatch): BatchCounts {
    const stored: StoredEvent[] = [];
    for (const event of events) {
      const row = eventToStore(event, receipt);
      if (insertOne.run(eventInsertValues(row)).changes === 1) stored.push({ event, ...row.recorded });
    }
    // Only new events move a device's record, so a replayed batch changes nothing.
    recordDevices(stored, receipt);
    return { accepted: stored.length, duplicates: events.length - stored.length };
  }

  const insertGroup = db.transaction((group: readonly PendingBatch[]) => group.map(insertBatch));
  // IMMEDIATE takes the write lock up front: two groups never interleave.
  return (group) => insertGroup.immediate(group);
}
