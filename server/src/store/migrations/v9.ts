import type { Migration } from './migration';

// Plain integer and text columns with CHECKs: the same statements are right on both engines (0 and 1, not
// PostgreSQL's boolean, so both engines' stores read the same values).
const STATEMENTS = `
      ALTER TABLE events ADD COLUMN verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
      ALTER TABLE events ADD COLUMN proof_problem TEXT;
      ALTER TABLE reports ADD COLUMN verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
      ALTER TABLE reports ADD COLUMN proof_problem TEXT;
      ALTER TABLE report_versions ADD COLUMN verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
      ALTER TABLE report_versions ADD COLUMN proof_problem TEXT;
      ALTER TABLE overrides ADD COLUMN created_by_verified INTEGER NOT NULL DEFAULT 0 CHECK (created_by_verified IN (0, 1));
      ALTER TABLE overrides ADD COLUMN ended_by_verified INTEGER CHECK (ended_by_verified IN (0, 1));
    `;

export const v9: Migration = {
  version: 9,
  // Issue 21. verified 0 with a NULL problem: no proof was checked (identityProof off, or a record from before).
  name: 'identity proofs: verified flag and proof problem on events, reports and report versions; verified creator and ender on allowlists',
  sqlite: STATEMENTS,
  postgres: STATEMENTS,
};
