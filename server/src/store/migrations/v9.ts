import type { Migration } from './migration';

export const v9: Migration = {
  version: 9,
  // Issue 21. verified 0 with a NULL problem: no proof was checked (identityProof off, or a record from before).
  name: 'identity proofs: verified flag and proof problem on events, reports and report versions; verified creator and ender on allowlists',
  sqlite: `
      ALTER TABLE events ADD COLUMN verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
      ALTER TABLE events ADD COLUMN proof_problem TEXT;
      ALTER TABLE reports ADD COLUMN verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
      ALTER TABLE reports ADD COLUMN proof_problem TEXT;
      ALTER TABLE report_versions ADD COLUMN verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
      ALTER TABLE report_versions ADD COLUMN proof_problem TEXT;
      ALTER TABLE overrides ADD COLUMN created_by_verified INTEGER NOT NULL DEFAULT 0 CHECK (created_by_verified IN (0, 1));
      ALTER TABLE overrides ADD COLUMN ended_by_verified INTEGER CHECK (ended_by_verified IN (0, 1));
    `,
  postgres: `
      -- 0 and 1 as in SQLite (integer, not boolean), so both engines' stores read the same values.
      ALTER TABLE events ADD COLUMN verified integer NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
      ALTER TABLE events ADD COLUMN proof_problem text;
      ALTER TABLE reports ADD COLUMN verified integer NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
      ALTER TABLE reports ADD COLUMN proof_problem text;
      ALTER TABLE report_versions ADD COLUMN verified integer NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
      ALTER TABLE report_versions ADD COLUMN proof_problem text;
      ALTER TABLE overrides ADD COLUMN created_by_verified integer NOT NULL DEFAULT 0 CHECK (created_by_verified IN (0, 1));
      ALTER TABLE overrides ADD COLUMN ended_by_verified integer CHECK (ended_by_verified IN (0, 1));
    `,
};
