import type { WriteWindowStore } from '../store';
import type { PgDb } from './db';
import { slots } from './slots';

/**
 * Counts under way at once, per process. Every upload counts its token's one row, so counts queue on that row in the
 * database; beyond a few, a count would only hold a pooled connection while it waits, and at 64 uploads at once that
 * left none for devices' reads (the ingest benchmark: GET /v1/overrides p95 over 800 ms). The rest wait in memory.
 */
export const WRITE_COUNT_SLOTS = 4;

/**
 * As ../sqlite/write-window-store.ts: one upsert per key, atomic on its own across processes (a key's first
 * hit from two processes at once is one insert and one update; PostgreSQL makes the second wait for the
 * first's row). A hit in a later window starts the count again; a hit stamped with an earlier window than
 * the row's (a process whose clock is behind) counts in the row's window rather than moving it back.
 */
const UPSERT = `
  INSERT INTO write_windows AS w (key, window_start, count) VALUES (@key, @windowStart, @weight)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN excluded.window_start > w.window_start THEN excluded.count ELSE w.count + excluded.count END,
    window_start = CASE WHEN excluded.window_start > w.window_start THEN excluded.window_start ELSE w.window_start END
  RETURNING w.count`;

export function postgresWriteWindowStore(db: PgDb): WriteWindowStore {
  const counting = slots(WRITE_COUNT_SLOTS);
  return {
    count: (hits) => counting.run(async () => {
      // Keys taken in sorted order: two requests naming the same accounts in another order never wait on each other in a circle.
      const order = hits.map((_, index) => index).sort((a, b) => (hits[a]!.key < hits[b]!.key ? -1 : hits[a]!.key > hits[b]!.key ? 1 : a - b));
      return db.transaction(async (tx) => {
        const counts: number[] = new Array(hits.length);
        for (const index of order) {
          const hit = hits[index]!;
          const row = await tx.one<{ count: number }>(UPSERT, { key: hit.key, windowStart: hit.windowStart.toISOString(), weight: hit.weight });
          counts[index] = row!.count;
        }
        return counts;
      });
    }),
    async forgetBefore(before) {
      return db.run('DELETE FROM write_windows WHERE window_start < @before', { before: before.toISOString() });
    },
  };
}
