/**
 * Where an ingested batch's time goes, stage by stage, in one process with no
 * HTTP: gunzip, UTF-8 decode, JSON.parse, zod validation (`eventBatchSchema`,
 * as the route does) and the store's insert (SQLite's group writer, one
 * batch per IMMEDIATE transaction, on this thread rather than the endpoint's writer thread) into a real SQLite file (WAL) opened with the
 * endpoint's own code. Each stage's events/s is what one core could do if
 * that stage were all there is: the slowest stages are what to work on.
 *
 * Then the insert alone again on fresh files with one thing changed at a
 * time (what-ifs, never shipped by the bench): without the secondary
 * indexes on `events`, with SQLite's default checkpoint interval, with no
 * fsync at all, and with several batches in one transaction (a group
 * commit). They say how much of the insert is index maintenance, how much is
 * waiting for the disk, and what batching commits would buy.
 */
import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FilterEvent } from '../../src/events/model';
import { eventBatchSchema } from '../../src/events/wire';
import { sqliteGroupWriter } from '../../server/src/store/sqlite/event-writer';
import { openDatabase } from '../../server/src/store/sqlite/open';
import { round } from './percentiles';
import type { PreparedBatch } from './synthetic-events';

export interface StageProfile {
  batches: number;
  events: number;
  /** Mean microseconds per event, per stage (wall clock). */
  microsPerEvent: Record<string, number>;
  /** 1e6 / microsPerEvent: the ceiling each stage alone would allow on one core. */
  eventsPerSecondCeiling: Record<string, number>;
  /** The insert stage: CPU time in this process vs wall clock (the rest is waiting, mostly for the disk). */
  insertCpuMicrosPerEvent: { user: number; system: number };
  /** The insert alone with one change each, µs per event. */
  insertWhatIf: Record<string, number>;
}

const RECEIPT = { receivedAt: new Date(), clientIp: '127.0.0.1', tokenLabel: 'pupils', tokenScope: 'device' as const };

/** The indexes on `events` beside its primary key, as the migrations left them (read, so the what-if follows migration 13 and after). */
function secondaryIndexes(db: Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL").pluck().all() as string[]);
}

async function withDatabase<T>(prepare: (db: Database) => void, run: (db: Database) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ingest-stages-'));
  const db = openDatabase(dataDir);
  try {
    prepare(db);
    return await run(db);
  } finally {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function insertOnly(parsed: readonly FilterEvent[][], prepare: (db: Database) => void, batchesPerTransaction = 1): Promise<number> {
  return withDatabase(prepare, async (db) => {
    const insertGroup = sqliteGroupWriter(db);
    const started = performance.now();
    for (let i = 0; i < parsed.length; i += batchesPerTransaction) insertGroup(parsed.slice(i, i + batchesPerTransaction).map((events) => ({ events, receipt: RECEIPT })));
    return round(((performance.now() - started) * 1000) / parsed.reduce((sum, events) => sum + events.length, 0), 2);
  });
}

export async function profileStages(batches: readonly PreparedBatch[]): Promise<StageProfile> {
  const spent: Record<string, number> = { gunzip: 0, utf8: 0, 'JSON.parse': 0, 'zod validation': 0, 'SQLite insert': 0 };
  const parsedBatches: FilterEvent[][] = [];
  let events = 0;
  let insertCpu: NodeJS.CpuUsage = { user: 0, system: 0 };
  await withDatabase(
    () => undefined,
    async (db) => {
      const insertGroup = sqliteGroupWriter(db);
      const decoder = new TextDecoder('utf-8', { fatal: true });
      for (const batch of batches) {
        let t = performance.now();
        const lap = (stage: string) => {
          const now = performance.now();
          spent[stage]! += now - t;
          t = now;
        };
        const raw = gunzipSync(batch.body);
        lap('gunzip');
        const text = decoder.decode(raw);
        lap('utf8');
        const json = JSON.parse(text) as unknown;
        lap('JSON.parse');
        const parsed = eventBatchSchema.parse(json);
        lap('zod validation');
        const cpu = process.cpuUsage();
        insertGroup([{ events: parsed.events, receipt: RECEIPT }]);
        lap('SQLite insert');
        const used = process.cpuUsage(cpu);
        insertCpu = { user: insertCpu.user + used.user, system: insertCpu.system + used.system };
        events += parsed.events.length;
        parsedBatches.push(parsed.events);
      }
    },
  );
  const microsPerEvent: Record<string, number> = {};
  const eventsPerSecondCeiling: Record<string, number> = {};
  let total = 0;
  for (const [stage, ms] of Object.entries(spent)) {
    microsPerEvent[stage] = round((ms * 1000) / events, 2);
    eventsPerSecondCeiling[stage] = Math.round((events * 1000) / ms);
    total += ms;
  }
  microsPerEvent.total = round((total * 1000) / events, 2);
  eventsPerSecondCeiling.total = Math.round((events * 1000) / total);

  const insertWhatIf = {
    'as shipped': await insertOnly(parsedBatches, () => undefined),
    'without the secondary indexes on events': await insertOnly(parsedBatches, (db) => {
      for (const index of secondaryIndexes(db)) db.exec(`DROP INDEX ${index}`);
    }),
    'wal_autocheckpoint 1000 (SQLite default)': await insertOnly(parsedBatches, (db) => void db.pragma('wal_autocheckpoint = 1000')),
    'synchronous OFF (no fsync: the disk wait removed)': await insertOnly(parsedBatches, (db) => void db.pragma('synchronous = OFF')),
    '4 batches per transaction (group commit)': await insertOnly(parsedBatches, () => undefined, 4),
    '16 batches per transaction (group commit)': await insertOnly(parsedBatches, () => undefined, 16),
  };
  return {
    batches: batches.length,
    events,
    microsPerEvent,
    eventsPerSecondCeiling,
    insertCpuMicrosPerEvent: { user: round(insertCpu.user / events, 2), system: round(insertCpu.system / events, 2) },
    insertWhatIf,
  };
}
