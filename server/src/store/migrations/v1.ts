import type { Migration } from './migration';

export const v1: Migration = {
  version: 1,
  name: 'events, devices, reports, overrides, rosters, sessions',
  sqlite: `
      CREATE TABLE events (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        time TEXT NOT NULL,
        received_at TEXT NOT NULL,
        client_ip TEXT NOT NULL,
        token_label TEXT NOT NULL,
        user TEXT NOT NULL COLLATE NOCASE,
        device_directory_id TEXT NOT NULL,
        device_serial_number TEXT NOT NULL,
        device_asset_id TEXT NOT NULL,
        category TEXT,
        body TEXT NOT NULL
      ) STRICT;
      CREATE INDEX events_by_time ON events (time);
      CREATE INDEX events_by_received ON events (received_at);
      CREATE INDEX events_by_user ON events (user, time);
      CREATE INDEX events_by_type ON events (type, category, time);
      CREATE INDEX events_by_directory_id ON events (device_directory_id) WHERE device_directory_id <> '';
      CREATE INDEX events_by_serial_number ON events (device_serial_number) WHERE device_serial_number <> '';

      CREATE TABLE devices (
        key TEXT PRIMARY KEY,
        directory_id TEXT NOT NULL,
        serial_number TEXT NOT NULL,
        asset_id TEXT NOT NULL,
        last_user TEXT NOT NULL COLLATE NOCASE,
        last_seen_at TEXT NOT NULL,
        last_event_time TEXT NOT NULL,
        extension_version TEXT NOT NULL,
        policy_hash TEXT,
        last_heartbeat_at TEXT,
        client_ip TEXT NOT NULL
      ) STRICT;
      CREATE INDEX devices_by_user ON devices (last_user);

      CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        time TEXT NOT NULL,
        received_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        client_ip TEXT NOT NULL,
        token_label TEXT NOT NULL,
        token_scope TEXT NOT NULL,
        user TEXT NOT NULL COLLATE NOCASE,
        device_directory_id TEXT NOT NULL,
        device_serial_number TEXT NOT NULL,
        device_asset_id TEXT NOT NULL,
        year_group TEXT,
        role TEXT NOT NULL,
        extension_version TEXT NOT NULL,
        url TEXT NOT NULL,
        title TEXT NOT NULL,
        category TEXT,
        reason TEXT,
        comment TEXT,
        urgent INTEGER NOT NULL,
        screenshot BLOB,
        status TEXT NOT NULL DEFAULT 'new'
      ) STRICT;
      CREATE INDEX reports_by_received ON reports (received_at);
      CREATE INDEX reports_by_user ON reports (user);

      CREATE TABLE report_trail (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        status TEXT,
        note TEXT
      ) STRICT;
      CREATE INDEX report_trail_by_report ON report_trail (report_id, seq);

      CREATE TABLE overrides (
        id TEXT PRIMARY KEY,
        created_by TEXT NOT NULL COLLATE NOCASE,
        created_at TEXT NOT NULL,
        token_label TEXT NOT NULL,
        client_ip TEXT NOT NULL,
        domains TEXT NOT NULL,
        year_groups TEXT NOT NULL,
        classes TEXT NOT NULL,
        pupils TEXT NOT NULL,
        reason TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        ended_at TEXT,
        ended_by TEXT COLLATE NOCASE
      ) STRICT;
      CREATE INDEX overrides_by_end ON overrides (ends_at);

      CREATE TABLE roster (
        class_name TEXT NOT NULL COLLATE NOCASE,
        pupil TEXT NOT NULL COLLATE NOCASE,
        uploaded_at TEXT NOT NULL,
        uploaded_by TEXT NOT NULL,
        PRIMARY KEY (class_name, pupil)
      ) STRICT;
      CREATE INDEX roster_by_pupil ON roster (pupil);

      CREATE TABLE sessions (
        id_sha256 TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;
    `,
  postgres: `
      -- Names matched without case (SQLite's COLLATE NOCASE) are citext; "user" is quoted, as PostgreSQL reserves it.
      CREATE EXTENSION IF NOT EXISTS citext;

      CREATE TABLE events (
        id text PRIMARY KEY,
        type text NOT NULL,
        time text NOT NULL,
        received_at text NOT NULL,
        client_ip text NOT NULL,
        token_label text NOT NULL,
        "user" citext NOT NULL,
        device_directory_id text NOT NULL,
        device_serial_number text NOT NULL,
        device_asset_id text NOT NULL,
        category text,
        body text NOT NULL
      );
      CREATE INDEX events_by_time ON events (time);
      CREATE INDEX events_by_received ON events (received_at);
      CREATE INDEX events_by_user ON events ("user", time);
      CREATE INDEX events_by_type ON events (type, category, time);
      CREATE INDEX events_by_directory_id ON events (device_directory_id) WHERE device_directory_id <> '';
      CREATE INDEX events_by_serial_number ON events (device_serial_number) WHERE device_serial_number <> '';

      CREATE TABLE devices (
        key text PRIMARY KEY,
        directory_id text NOT NULL,
        serial_number text NOT NULL,
        asset_id text NOT NULL,
        last_user citext NOT NULL,
        last_seen_at text NOT NULL,
        last_event_time text NOT NULL,
        extension_version text NOT NULL,
        policy_hash text,
        last_heartbeat_at text,
        client_ip text NOT NULL
      );
      CREATE INDEX devices_by_user ON devices (last_user);

      CREATE TABLE reports (
        id text PRIMARY KEY,
        time text NOT NULL,
        received_at text NOT NULL,
        updated_at text NOT NULL,
        client_ip text NOT NULL,
        token_label text NOT NULL,
        token_scope text NOT NULL,
        "user" citext NOT NULL,
        device_directory_id text NOT NULL,
        device_serial_number text NOT NULL,
        device_asset_id text NOT NULL,
        year_group text,
        role text NOT NULL,
        extension_version text NOT NULL,
        url text NOT NULL,
        title text NOT NULL,
        category text,
        reason text,
        comment text,
        urgent integer NOT NULL,
        screenshot bytea,
        status text NOT NULL DEFAULT 'new'
      );
      CREATE INDEX reports_by_received ON reports (received_at);
      CREATE INDEX reports_by_user ON reports ("user");

      CREATE TABLE report_trail (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        report_id text NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        at text NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        status text,
        note text
      );
      CREATE INDEX report_trail_by_report ON report_trail (report_id, seq);

      CREATE TABLE overrides (
        id text PRIMARY KEY,
        created_by citext NOT NULL,
        created_at text NOT NULL,
        token_label text NOT NULL,
        client_ip text NOT NULL,
        domains text NOT NULL,
        year_groups text NOT NULL,
        classes text NOT NULL,
        pupils text NOT NULL,
        reason text NOT NULL,
        starts_at text NOT NULL,
        ends_at text NOT NULL,
        ended_at text,
        ended_by citext
      );
      CREATE INDEX overrides_by_end ON overrides (ends_at);

      CREATE TABLE roster (
        class_name citext NOT NULL,
        pupil citext NOT NULL,
        uploaded_at text NOT NULL,
        uploaded_by text NOT NULL,
        PRIMARY KEY (class_name, pupil)
      );
      CREATE INDEX roster_by_pupil ON roster (pupil);

      CREATE TABLE sessions (
        id_sha256 text PRIMARY KEY,
        username text NOT NULL,
        role text NOT NULL,
        created_at text NOT NULL,
        expires_at text NOT NULL
      );
    `,
};
