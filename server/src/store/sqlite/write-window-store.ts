import type { Database } from 'better-sqlite3';
import type { GroupCommitter } from '../group-commit';
import type { WindowHit, WriteWindowStore } from '../store';

/**
 * One upsert per key: a hit in the key's current window adds to it, a hit in a later window starts it again. A
 * hit stamped with an earlier window than the row's (another process whose clock is behind) counts in the row's
 * window rather than moving it back.
 */
const UPSERT = `
  INSERT INTO write_windows (key, window_start, count) VALUES (@key, @windowStart, @weight)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN excluded.window_start > window_start THEN excluded.count ELSE count + excluded.count END,
    window_start = CASE WHEN excluded.window_start > window_start THEN excluded.window_start ELSE window_start END
  RETURNING count`;

/**
 * Every upload is counted (routes/write-limit.ts) before it is stored, on this (the main) connection but only
 * between event groups (`between`, group-commit.ts): while the writer thread holds the write lock for a group,
 * an upsert here would wait for it (busy_timeout) with the event loop stopped.
 */
export function sqliteWriteWindowStore(db: Database, between: GroupCommitter['between']): WriteWindowStore {
  const upsert = db.prepare(UPSERT).pluck();
  const countAll = db.transaction((hits: readonly WindowHit[]) =>
    hits.map((hit) => upsert.get({ key: hit.key, windowStart: hit.windowStart.toISOString(), weight: hit.weight }) as number),
  );
  return {
    count: (hits) => between(() => countAll.immediate(hits)),
    async forgetBefore(before) {
      return db.prepare('DELETE FROM write_windows WHERE window_start < ?').run(before.toISOString()).changes;
    },
  };
}
