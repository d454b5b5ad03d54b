import type { Migration } from './migration';

export const v10: Migration = {
  // Issue 21 (limits): write limits counted in the database, so every endpoint process sharing it sees one count
  // (one row per key and kind, the current fixed window and what it has counted; one upsert per request), and
  // tokens issued by rotation, stored only as sha256, with the retirements of old tokens (issued or from the config
  // file, by digest) and a trail of who rotated what.
  version: 10,
  name: 'write limit windows, issued tokens, token retirements and their trail',
  sqlite: `
      CREATE TABLE write_windows (
        key TEXT PRIMARY KEY,
        window_start TEXT NOT NULL,
        count INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE issued_tokens (
        digest TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        scope TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        issued_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE token_retirements (
        digest TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        retires_at TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        decided_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE token_trail (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        label TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL
      ) STRICT;
    `,
  postgres: `
      CREATE TABLE write_windows (
        key text PRIMARY KEY,
        window_start text NOT NULL,
        count integer NOT NULL
      );

      CREATE TABLE issued_tokens (
        digest text PRIMARY KEY,
        label text NOT NULL,
        scope text NOT NULL,
        issued_at text NOT NULL,
        issued_by text NOT NULL
      );

      CREATE TABLE token_retirements (
        digest text PRIMARY KEY,
        label text NOT NULL,
        retires_at text NOT NULL,
        decided_at text NOT NULL,
        decided_by text NOT NULL
      );

      CREATE TABLE token_trail (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at text NOT NULL,
        actor text NOT NULL,
        label text NOT NULL,
        action text NOT NULL,
        detail text NOT NULL
      );
    `,
};
