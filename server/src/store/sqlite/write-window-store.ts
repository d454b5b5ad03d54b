import type { Database } from 'better-sqlite3';
import type { WriteWindowStore } from '../store';

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

export function sqliteWriteWindowStore(db: Database): WriteWindowStore {
  const upsert = db.prepare(UPSERT).pluck();
  const countAll = db.transaction((hits: readonly { key: string; windowStart: string; weight: number }[]) => hits.map((hit) => upsert.get(hit) as number));
  return {
    async count(hits) {
      return countAll.immediate(hits.map((hit) => ({ key: hit.key, windowStart: hit.windowStart.toISOString(), weight: hit.weight })));
    },
    async forgetBefore(before) {
      return db.prepare('DELETE FROM write_windows WHERE window_start < ?').run(before.toISOString()).changes;
    },
  };
}
