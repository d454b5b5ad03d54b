import type { Database } from 'better-sqlite3';
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

/** A hit as it crosses to the writer thread: the window's start as its ISO text. */
export interface WindowHitRow {
  key: string;
  windowStart: string;
  weight: number;
}

export function windowHitRows(hits: readonly WindowHit[]): WindowHitRow[] {
  return hits.map((hit) => ({ key: hit.key, windowStart: hit.windowStart.toISOString(), weight: hit.weight }));
}

/** The counts after the hits, in one IMMEDIATE transaction, on whichever connection it is given (the writer thread's in the endpoint). */
export function windowCounter(db: Database): (hits: readonly WindowHitRow[]) => number[] {
  const upsert = db.prepare(UPSERT).pluck();
  const countAll = db.transaction((hits: readonly WindowHitRow[]) => hits.map((hit) => upsert.get(hit) as number));
  return (hits) => countAll.immediate(hits);
}

/**
 * Every upload is counted (routes/write-limit.ts) before it is stored, so the count goes to the writer thread
 * with the inserts: on the main connection it would wait, with the event loop stopped, for the thread's write
 * lock (busy_timeout) whenever a group is being written.
 */
export function sqliteWriteWindowStore(db: Database, count: (hits: readonly WindowHitRow[]) => Promise<number[]>): WriteWindowStore {
  return {
    async count(hits) {
      return count(windowHitRows(hits));
    },
    async forgetBefore(before) {
      return db.prepare('DELETE FROM write_windows WHERE window_start < ?').run(before.toISOString()).changes;
    },
  };
}
