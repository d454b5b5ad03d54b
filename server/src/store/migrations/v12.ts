import type { Migration } from './migration';

/** The tables whose rows carry a school (schools/scope.ts): each gains the column, every existing row the single school's id. */
const SCHOOL_TABLES = ['events', 'devices', 'reports', 'alerts', 'overrides', 'school_list_entries', 'issued_tokens'] as const;

const addSchool = (type: string) => SCHOOL_TABLES.map((table) => `ALTER TABLE ${table} ADD COLUMN school ${type} NOT NULL DEFAULT 'school';`).join('\n      ');

export const v12: Migration = {
  // Issue 22 (schools within a trust): every record carries its school, written from the token (or the dashboard
  // user's scope) that made it, never from a request body. Before this every record was the one school's, whose id
  // is 'school' (SINGLE_SCHOOL_ID). A report's versions and trail and an alert's evidence and trail are reached only
  // through their report or alert, so they follow its school and carry none of their own. No index on events here:
  // migration 13 (ingest) owns events' indexes. Two keys change: a class name is unique within its school (every
  // school has a 7A), and a site is listed once per school and action (a school's block does not stop another's); the
  // in-force index keeps (action, target) first, so the lookups by site it serves still use it.
  version: 12,
  name: 'schools within a trust: a school on every record',
  sqlite: `
      ${addSchool('TEXT')}

      CREATE TABLE roster_by_school (
        school TEXT NOT NULL DEFAULT 'school',
        class_name TEXT NOT NULL COLLATE NOCASE,
        pupil TEXT NOT NULL COLLATE NOCASE,
        uploaded_at TEXT NOT NULL,
        uploaded_by TEXT NOT NULL,
        PRIMARY KEY (school, class_name, pupil)
      ) STRICT;
      INSERT INTO roster_by_school (class_name, pupil, uploaded_at, uploaded_by) SELECT class_name, pupil, uploaded_at, uploaded_by FROM roster;
      DROP TABLE roster;
      ALTER TABLE roster_by_school RENAME TO roster;
      CREATE INDEX roster_by_pupil ON roster (pupil);

      DROP INDEX school_list_in_force;
      CREATE UNIQUE INDEX school_list_in_force ON school_list_entries (action, target, school) WHERE ended_at IS NULL;
    `,
  postgres: `
      ${addSchool('text')}

      ALTER TABLE roster ADD COLUMN school text NOT NULL DEFAULT 'school';
      ALTER TABLE roster DROP CONSTRAINT roster_pkey;
      ALTER TABLE roster ADD PRIMARY KEY (school, class_name, pupil);

      DROP INDEX school_list_in_force;
      CREATE UNIQUE INDEX school_list_in_force ON school_list_entries (action, target, school) WHERE ended_at IS NULL;
    `,
};
