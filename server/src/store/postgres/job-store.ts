import type pg from 'pg';
import type { JobStore } from '../store';

/**
 * A job runs while its connection holds a session advisory lock (`pg_try_advisory_lock`, which never waits),
 * taken on a connection of its own so the job's statements, on the pool's other connections, cannot release
 * it by chance. If the process dies mid-job its connection ends and PostgreSQL frees the lock at once: the
 * next process's run goes ahead. (`job_leases`, made by migration 11 for SQLite, is not used here.)
 */
const JOB_LOCK_PREFIX = 'school-endpoint job: ';

export function postgresJobStore(pool: pg.Pool): JobStore {
  return {
    async runAlone(name, work) {
      const lock = JOB_LOCK_PREFIX + name;
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        const taken = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS taken', [lock]).catch((error: Error) => {
          broken = error;
          throw error;
        });
        if (!taken.rows[0]?.taken) return { ran: false };
        try {
          return { ran: true, result: await work() };
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]).catch((error: Error) => {
            // Not unlocked: the connection is closed rather than returned to the pool still holding the lock.
            broken = error;
          });
        }
      } finally {
        client.release(broken);
      }
    },
  };
}
