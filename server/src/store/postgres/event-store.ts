import { EVENT_INSERT_COLUMN_LIST, EVENT_INSERT_COLUMNS, eventToStore, type EventToStore } from '../event-columns';
import type { BatchCounts, GroupCommitter, GroupWriter, PendingBatch } from '../group-commit';
import type { EventFilter, EventQuery, EventStore } from '../store';
import { countStatement, searchStatement, toEventRow, type EventRecord } from '../sqlite/event-store';
import type { StoredEvent } from '../sqlite/device-records';
import type { PgDb } from './db';
import { devicesToLock, recordDevices } from './device-records';
import { postgresEventCounts } from './event-counts';
import { postgresClassifiedSites } from './classified-sites';

/**
 * One statement for the whole group, its rows one JSON document (an object per row, keyed by EVENT_INSERT_COLUMNS'
 * names) read by json_to_recordset: one native JSON.stringify on the event loop, where `unnest` of a text array per
 * column had the driver escape every value in JavaScript (measured by hand for a full group of 8,000 events: about
 * 200 ms of the event loop against about 70, and the whole insert faster too). The body goes in as the event's own
 * JSON and is stored as its text. ON CONFLICT DO NOTHING: an id already held, named earlier in the group, or being
 * stored by another transaction at this moment (PostgreSQL waits for it), is a duplicate, so a batch posted twice
 * at once is stored once. RETURNING names the rows this call stored.
 */
const INSERT_GROUP = `
  INSERT INTO events (${EVENT_INSERT_COLUMN_LIST})
  SELECT ${EVENT_INSERT_COLUMNS.map((column) => (column.json ? `row."${column.name}"::text` : `row."${column.name}"`)).join(', ')}
  FROM json_to_recordset(@rows::json) AS row (${EVENT_INSERT_COLUMNS.map((column) => `"${column.name}" ${column.json ? 'json' : column.pgType}`).join(', ')})
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

/**
 * The rows as JSON. A lone surrogate (half a UTF-16 pair, as a page title cut mid-emoji holds) is written by
 * JSON.stringify as an escape that PostgreSQL's JSON refuses, which would refuse the batch at every retry: such
 * strings are made well formed (U+FFFD, as the driver's UTF-8 made them before). Only when the fast pass has one.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function groupDocument(rows: Record<string, unknown>[]): string {
  const document = JSON.stringify(rows);
  if (!/\\ud[89a-f]/.test(document)) return document;
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'string' ? value.replace(LONE_SURROGATE, '\ufffd') : value));
}

/** A row of the group's JSON document. */
function jsonRow(row: EventToStore): Record<string, unknown> {
  return Object.fromEntries(EVENT_INSERT_COLUMNS.map((column) => [column.name, column.json ? column.json(row) : column.value(row)]));
}

/**
 * Event groups written at once (group-commit.ts): one stream left PostgreSQL's cores and disk idle between its
 * commits. Each holds a pool connection for its transaction (open.ts sizes the pool for them).
 */
export const POSTGRES_GROUP_WRITERS = 4;

/** A group of batches (group-commit.ts) in one transaction and one insert statement, each device's lock held. */
export function postgresGroupWriter(db: PgDb): GroupWriter {
  async function insertGroup(tx: PgDb, group: readonly PendingBatch[]): Promise<BatchCounts[]> {
    const rows = group.flatMap(({ events, receipt }) => events.map((event) => eventToStore(event, receipt)));
    // The rows go in in id order: two transactions storing overlapping groups take their rows' locks in one order, never in a
    // circle. A stable sort, so of one id named twice the group's first is stored, as SQLite's INSERT OR IGNORE row by row does.
    const ordered = rows.map((row, index) => ({ row, index })).sort((a, b) => (a.row.event.id < b.row.event.id ? -1 : a.row.event.id > b.row.event.id ? 1 : a.index - b.index));
    const document = groupDocument(ordered.map(({ row }) => jsonRow(row)));
    const storedIds = new Set((rows.length ? await tx.all<{ id: string }>(INSERT_GROUP, { rows: document }) : []).map((row) => row.id));
    const counts: BatchCounts[] = [];
    const devices: { stored: StoredEvent[]; receipt: PendingBatch['receipt'] }[] = [];
    let offset = 0;
    for (const { events, receipt } of group) {
      // In the batch's own order (the device records fold ties in it); a stored id belongs to the first batch naming it.
      const stored: StoredEvent[] = [];
      events.forEach((event, index) => {
        if (storedIds.delete(event.id)) stored.push({ event, ...rows[offset + index]!.recorded });
      });
      offset += events.length;
      devices.push({ stored, receipt });
      counts.push({ accepted: stored.length, duplicates: events.length - stored.length });
    }
    // Only new events move a device's record, so a replayed batch changes nothing; batches fold in arrival order.
    await recordDevices(tx, devices);
    return counts;
  }

  return (group) => db.transaction((tx) => insertGroup(tx, group), ...devicesToLock(group.flatMap((batch) => batch.events)));
}

/** Inserts go through `ingest` (group commit over postgresGroupWriter). */
export function postgresEventStore(db: PgDb, ingest: GroupCommitter): EventStore {
  return {
    ...postgresEventCounts(db),
    ...postgresClassifiedSites(db),

    insert: (events, receipt) => ingest.submit(events, receipt),

    async search(query: EventQuery) {
      const { sql, params } = searchStatement(query);
      return (await db.all<EventRecord>(sql, params)).map(toEventRow);
    },

    async count(filter: EventFilter) {
      const { sql, params } = countStatement(filter);
      return (await db.one<{ n: number }>(sql, params))?.n ?? 0;
    },
  };
}
