/**
 * SQLite only (the server-postgres project leaves out *.sqlite.test.ts): SQLite's event inserts run on a writer
 * thread with a connection of its own (server/src/store/sqlite/writer/). PostgreSQL has no such thread: its
 * driver's I/O is already off the event loop. What a thread that stops mid-write leaves, and a clean close.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestSchema } from '../../server/src/config/ingest';
import { openSqliteStore } from '../../server/src/store/sqlite';
import { startSqliteWriter, type SqliteWriter } from '../../server/src/store/sqlite/writer/writer-client';
import type { Receipt, Store } from '../../server/src/store/store';
import { StoreUnavailableError } from '../../server/src/store/unavailable';
import { makeInsertSlow } from './harness/event-triggers';
import { batchOf, blockEvent } from './harness/fixtures';
import { readRows } from './harness/server';

const receipt: Receipt = { receivedAt: new Date('2026-03-02T09:00:00.000Z'), clientIp: '10.0.0.9', tokenLabel: 'pupils', tokenScope: 'device' };
let dataDir: string;
let writer: SqliteWriter;
let store: Store;

function open(): Store {
  return openSqliteStore(dataDir, ingestSchema.parse({}), (path) => (writer = startSqliteWriter(path)));
}

async function stored(ids: readonly string[]): Promise<number> {
  const [row] = await readRows<{ n: number }>(dataDir, `SELECT count(*) AS n FROM events WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
  return row!.n;
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'school-endpoint-writer-'));
  store = open();
});

afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('SQLite’s writer thread', () => {
  it('fails the requests of a thread that stops mid-write as unavailable, leaves nothing of them, and starts a new thread for the next write', async () => {
    // The thread is up (its first write answered) before the one it dies in.
    await store.events.insert(batchOf(1).events, receipt);
    const { events } = batchOf(200, () => blockEvent());
    await makeInsertSlow(dataDir, events[150]!.id);
    const insert = store.events.insert(events, receipt);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const dying = writer.thread()!;
    await dying.terminate();

    const error = await insert.then(() => null, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).message).toMatch(/the database writer stopped .*send it again/);
    expect(await stored(events.map((event) => event.id))).toBe(0);

    const again = batchOf(20).events;
    expect(await store.events.insert(again, receipt)).toEqual({ accepted: 20, duplicates: 0 });
    expect(writer.thread()).not.toBe(dying);
    expect(await stored(again.map((event) => event.id))).toBe(20);
  });

  it('closes after answering every batch it had taken, and the thread ends', async () => {
    const batches = Array.from({ length: 4 }, () => batchOf(300).events);
    const inserts = batches.map((events) => store.events.insert(events, receipt));
    const thread = await new Promise<NonNullable<ReturnType<SqliteWriter['thread']>>>((resolve) => setImmediate(() => resolve(writer.thread()!)));
    let exited = false;
    thread.once('exit', () => (exited = true));
    await store.close();
    expect(exited).toBe(true);
    expect(await Promise.all(inserts)).toEqual(batches.map(() => ({ accepted: 300, duplicates: 0 })));
    // Reopened (a restart): everything answered is there.
    store = open();
    expect(await stored(batches.flat().map((event) => event.id))).toBe(1200);
  });
});
