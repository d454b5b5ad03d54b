import type { Migration } from './migration';

export const v13: Migration = {
  // Issue 22 (ingest): every index on `events` is paid for by every row stored, and an upload is hundreds of
  // rows. Each index was checked against the queries that read events (EXPLAIN on both engines; the list and
  // its plans are in server/README.md, "The events table's indexes"):
  // - events_by_directory_id, events_by_serial_number: no query used them. The device filter matches the
  //   directory id OR the serial number OR the asset id, and the asset id has no index, so both planners
  //   read in receive order (SQLite) or the whole table (PostgreSQL) whatever these held. Dropped.
  // - events_by_type_received (type, category, received_at), kept for every row: the alerts' blocks per category
  //   are read as well from events_stops_by_received (migration 8: rows with a category, a window of receive
  //   time), and a log search by a common type (navigation, search, heartbeat: nearly every row) finds its page
  //   in receive order at once. Only the rare types need an index to be found at all; this one holds only them,
  //   in the log's order, so a page of them is read in order with no sort, and their category last, so the
  //   alerts' count of blocks per category reads this index alone. The query names the same condition
  //   (sqlite/event-store.ts RARE_TYPES) so both planners can use it.
  // Kept: the primary key (idempotency), events_by_received (the log's order, its pages, the purge),
  // events_by_user_received (a pupil's log, subject access), events_by_time (a search by when events happened),
  // events_stops_by_received (the overview, the classified sites, the alerts).
  version: 13,
  name: 'events: indexes no query used dropped, the type index only for the rare types',
  sqlite: `
      DROP INDEX events_by_directory_id;
      DROP INDEX events_by_serial_number;
      DROP INDEX events_by_type_received;
      CREATE INDEX events_rare_by_type ON events (type, received_at, time, id, category) WHERE type NOT IN ('navigation', 'search', 'heartbeat');
    `,
  postgres: `
      DROP INDEX events_by_directory_id;
      DROP INDEX events_by_serial_number;
      DROP INDEX events_by_type_received;
      CREATE INDEX events_rare_by_type ON events (type, received_at, "time", id, category) WHERE type NOT IN ('navigation', 'search', 'heartbeat');
    `,
};
