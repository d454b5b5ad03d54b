import type { Migration } from './migration';

export const v5: Migration = {
  // Issue 18: the IT Lead's own block and allow lists, kept here and fetched by devices
  // (src/school-lists/). Entries are never deleted while in force; every change is a trail row.
  version: 5,
  name: 'school lists: entries, their trail, a version for devices, report trail links',
  sqlite: `
      CREATE TABLE school_list_entries (
        id TEXT PRIMARY KEY,
        action TEXT NOT NULL CHECK (action IN ('block', 'allow')),
        -- 'example.com' or 'example.com/path' as src/school-lists/target.ts writes it
        target TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('domain', 'path')),
        -- src/school-lists/audience.ts ListAudience, as JSON
        audience TEXT NOT NULL,
        reason TEXT NOT NULL,
        ends_at TEXT,
        -- The report it was made from; kept when retention deletes that report.
        report_id TEXT,
        created_by TEXT NOT NULL,
        created_role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_by TEXT,
        updated_at TEXT,
        -- When it stopped applying: removed by someone, or its end date passed (then ended_at = ends_at).
        ended_at TEXT,
        ended_how TEXT CHECK (ended_how IN ('removed', 'expired')),
        ended_by TEXT
      ) STRICT;
      -- One entry in force per site and action: adding it again is an edit of the one held.
      CREATE UNIQUE INDEX school_list_in_force ON school_list_entries (action, target) WHERE ended_at IS NULL;
      CREATE INDEX school_list_by_end ON school_list_entries (ends_at) WHERE ended_at IS NULL;
      CREATE INDEX school_list_by_ended ON school_list_entries (ended_at);

      CREATE TABLE school_list_trail (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        entry_id TEXT NOT NULL REFERENCES school_list_entries (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        -- A dashboard username; empty for an end date passing.
        actor TEXT NOT NULL,
        actor_role TEXT,
        change TEXT NOT NULL CHECK (change IN ('added', 'edited', 'removed', 'expired')),
        reason TEXT,
        report_id TEXT,
        -- The entry as the change left it.
        audience TEXT NOT NULL,
        ends_at TEXT
      ) STRICT;
      CREATE INDEX school_list_trail_by_entry ON school_list_trail (entry_id, seq);
      -- The trail page, newest first by when each change took effect (an expiry is recorded at its end date).
      CREATE INDEX school_list_trail_by_time ON school_list_trail (at, seq);

      -- Changes with every change to the lists: devices' ETag (a device's frequent ask reads this one row).
      CREATE TABLE school_list_version (
        only INTEGER PRIMARY KEY CHECK (only = 1),
        version TEXT NOT NULL,
        changed_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO school_list_version VALUES (1, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

      -- A report acted on from the school lists names the entry in its trail.
      ALTER TABLE report_trail ADD COLUMN school_list_entry_id TEXT;
    `,
  postgres: `
      CREATE TABLE school_list_entries (
        id text PRIMARY KEY,
        action text NOT NULL CHECK (action IN ('block', 'allow')),
        target text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('domain', 'path')),
        audience text NOT NULL,
        reason text NOT NULL,
        ends_at text,
        report_id text,
        created_by text NOT NULL,
        created_role text NOT NULL,
        created_at text NOT NULL,
        updated_by text,
        updated_at text,
        ended_at text,
        ended_how text CHECK (ended_how IN ('removed', 'expired')),
        ended_by text
      );
      CREATE UNIQUE INDEX school_list_in_force ON school_list_entries (action, target) WHERE ended_at IS NULL;
      CREATE INDEX school_list_by_end ON school_list_entries (ends_at) WHERE ended_at IS NULL;
      CREATE INDEX school_list_by_ended ON school_list_entries (ended_at);

      CREATE TABLE school_list_trail (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        entry_id text NOT NULL REFERENCES school_list_entries (id) ON DELETE CASCADE,
        at text NOT NULL,
        actor text NOT NULL,
        actor_role text,
        change text NOT NULL CHECK (change IN ('added', 'edited', 'removed', 'expired')),
        reason text,
        report_id text,
        audience text NOT NULL,
        ends_at text
      );
      CREATE INDEX school_list_trail_by_entry ON school_list_trail (entry_id, seq);
      CREATE INDEX school_list_trail_by_time ON school_list_trail (at, seq);

      -- "only" is quoted: PostgreSQL reserves it.
      CREATE TABLE school_list_version (
        "only" integer PRIMARY KEY CHECK ("only" = 1),
        version text NOT NULL,
        changed_at text NOT NULL
      );
      INSERT INTO school_list_version VALUES (1, replace(gen_random_uuid()::text, '-', ''), to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));

      ALTER TABLE report_trail ADD COLUMN school_list_entry_id text;
    `,
};
