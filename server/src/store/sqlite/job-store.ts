import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { JobStore } from '../store';

/**
 * A job runs while it holds its row in `job_leases`: claimed in one statement (SQLite's one writer makes the
 * claim atomic across connections and processes on the file), only when there is no row or its lease has run
 * out, and deleted when the job ends. A process that dies mid-job leaves its row; the lease runs out after
 * LEASE_MS and the job can run again (the daily purge, a day later, always can). Two processes on one SQLite
 * file are allowed (the file is locked per write, not per process) but not the deployment we advise: several
 * processes belong on PostgreSQL (server/README.md, "Several endpoint processes").
 */
const LEASE_MS = 6 * 60 * 60 * 1000;

const CLAIM = `
  INSERT INTO job_leases (name, holder, expires_at) VALUES (@name, @holder, @expiresAt)
  ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
  WHERE job_leases.expires_at <= @now`;

export function sqliteJobStore(db: Database, now: () => Date = () => new Date()): JobStore {
  const claim = db.prepare(CLAIM);
  const release = db.prepare('DELETE FROM job_leases WHERE name = @name AND holder = @holder');
  return {
    async runAlone(name, work) {
      const holder = randomUUID();
      const at = now();
      const claimed = claim.run({ name, holder, now: at.toISOString(), expiresAt: new Date(at.getTime() + LEASE_MS).toISOString() }).changes === 1;
      if (!claimed) return { ran: false };
      try {
        return { ran: true, result: await work() };
      } finally {
        release.run({ name, holder });
      }
    },
  };
}
