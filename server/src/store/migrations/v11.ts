import type { Migration } from './migration';

export const v11: Migration = {
  // Issue 22 (stateless endpoint processes): a job that must not run in two processes at once (the daily
  // retention purge) holds a lease while it runs. SQLite takes the lease here (one row per job, claimed only
  // when free or run out, so a process that died mid-job frees it when it runs out). PostgreSQL holds an
  // advisory lock instead (postgres/job-store.ts), freed the moment the holder's connection ends; the table is
  // made there too, so both engines keep one schema (test/server/schema-parity.postgres.test.ts).
  version: 11,
  name: 'job leases',
  sqlite: `
      CREATE TABLE job_leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;
    `,
  postgres: `
      CREATE TABLE job_leases (
        name text PRIMARY KEY,
        holder text NOT NULL,
        expires_at text NOT NULL
      );
    `,
};
