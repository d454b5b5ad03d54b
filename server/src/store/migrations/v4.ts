import type { Migration } from './migration';

export const v4: Migration = {
  version: 4,
  name: 'sign-in failures; report indexes for rate limits, flood alerts and the paged queue',
  sqlite: `
      -- Failed dashboard sign-ins, kept only as long as the limits look back (auth/sign-in-limits.ts): in the
      -- database, so a restart or a flood of junk usernames cannot wipe a lockout, and several endpoint
      -- processes sharing the database share the limits.
      CREATE TABLE sign_in_failures (
        at TEXT NOT NULL,
        account TEXT NOT NULL,
        address TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sign_in_failures_by_account ON sign_in_failures (account, at);
      CREATE INDEX sign_in_failures_by_address ON sign_in_failures (address, at);
      CREATE INDEX sign_in_failures_by_time ON sign_in_failures (at);

      -- The claimed device, as store/device-key.ts derives it (a test keeps the two the same): computed from
      -- the row, so it can never disagree with it.
      ALTER TABLE reports ADD COLUMN device_key TEXT GENERATED ALWAYS AS (
        CASE
          WHEN device_directory_id <> '' THEN 'directory:' || device_directory_id
          WHEN device_serial_number <> '' THEN 'serial:' || device_serial_number
          ELSE 'user:' || lower(user)
        END
      ) VIRTUAL;
      -- Reports per claimed device, per account and per token over a recent window (rate limits, flood alerts).
      CREATE INDEX reports_by_device_received ON reports (device_key, received_at);
      CREATE INDEX reports_by_user_received ON reports (user, received_at);
      CREATE INDEX reports_by_token_received ON reports (token_label, received_at);
      -- The queue's order (open before resolved, urgent first, newest first), read a page at a time.
      CREATE INDEX reports_queue ON reports ((status = 'resolved'), urgent DESC, received_at DESC);
    `,
  postgres: `
      -- id: SQLite's rowid, which withdrawFailure names.
      CREATE TABLE sign_in_failures (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at text NOT NULL,
        account text NOT NULL,
        address text NOT NULL
      );
      CREATE INDEX sign_in_failures_by_account ON sign_in_failures (account, at);
      CREATE INDEX sign_in_failures_by_address ON sign_in_failures (address, at);
      CREATE INDEX sign_in_failures_by_time ON sign_in_failures (at);

      -- Stored rather than virtual (PostgreSQL 15 computes only stored columns), still never written by hand.
      ALTER TABLE reports ADD COLUMN device_key text GENERATED ALWAYS AS (
        CASE
          WHEN device_directory_id <> '' THEN 'directory:' || device_directory_id
          WHEN device_serial_number <> '' THEN 'serial:' || device_serial_number
          ELSE 'user:' || lower("user"::text)
        END
      ) STORED;
      CREATE INDEX reports_by_device_received ON reports (device_key, received_at);
      CREATE INDEX reports_by_user_received ON reports ("user", received_at);
      CREATE INDEX reports_by_token_received ON reports (token_label, received_at);
      CREATE INDEX reports_queue ON reports ((status = 'resolved'), urgent DESC, received_at DESC);
    `,
};
