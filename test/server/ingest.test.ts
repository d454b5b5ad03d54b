/**
 * Ingest (issue 22), on the engine the tests run on: batches that arrive while a write is under way are written
 * together (group commit), each request answered with its own counts and only once its events are committed;
 * each event stored once however its batch is repeated; a batch the database refuses fails alone and leaves
 * nothing; a full queue is a 503 with Retry-After; and devices' GET /v1/overrides is answered while an insert runs.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import type { Receipt } from '../../server/src/store/store';
import { blockEvent, navigationEvent } from './harness/fixtures';
import { dropEventTriggers, makeInsertFail, makeInsertSlow } from './harness/event-triggers';
import { POSTGRES_GROUP_WRITERS } from '../../server/src/store/postgres/event-store';
import { testEngine } from './harness/postgres';
import { bearer, DEVICE_TOKEN, jsonPost, startTestServer, type TestServer } from './harness/server';

let server: TestServer;
let pupils = 0;

/** `count` events from a pupil of their own (each pupil's write limit is theirs), on a device of their own. */
function batchFromNewPupil(count: number) {
  pupils += 1;
  const who = { user: `ingest.pupil${pupils}@school.example`, device: { directoryId: `ingest-dir-${pupils}`, serialNumber: '', assetId: '' } };
  return Array.from({ length: count }, (_, index) => (index % 5 === 0 ? blockEvent(who) : navigationEvent(`site${index}.example`, who)));
}

function receiptFrom(clientIp: string): Receipt {
  return { receivedAt: new Date('2026-03-02T09:00:00.000Z'), clientIp, tokenLabel: 'pupils', tokenScope: 'device' };
}

async function storedIds(ids: readonly string[]): Promise<{ id: string; client_ip: string }[]> {
  return server.rows<{ id: string; client_ip: string }>(`SELECT id, client_ip FROM events WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
}

const post = (events: unknown[]) => server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events }));

beforeAll(async () => {
  server = await startTestServer({ realClock: true, config: { ingest: { maxGroupEvents: 500, maxQueuedEvents: 500 } } });
});

afterEach(async () => {
  await dropEventTriggers(server.dataDir);
});

afterAll(async () => {
  await server.close();
});

describe('group commit', () => {
  it('stores a batch named twice in one group, and again in another group, once; each request gets its own counts, and the first to name an id stores it', async () => {
    const events = batchFromNewPupil(100);
    const overlapping = [...events.slice(50), ...batchFromNewPupil(30)];
    // Submitted in one turn: one group (230 events, within the 500 a group may hold).
    const inOneGroup = Promise.all([
      server.store.events.insert(events, receiptFrom('10.0.0.1')),
      server.store.events.insert(events, receiptFrom('10.0.0.2')),
      server.store.events.insert(overlapping, receiptFrom('10.0.0.3')),
    ]);
    // A turn later: another group, after the first (SQLite's one writer) or beside it (PostgreSQL writes a few at once).
    await new Promise((resolve) => setImmediate(resolve));
    const inAnotherGroup = server.store.events.insert(events, receiptFrom('10.0.0.4'));

    const [first, second, third] = await inOneGroup;
    const fourth = await inAnotherGroup;
    // Whichever group committed first stored the batch; within a group, its first batch naming it.
    expect([first, fourth]).toContainEqual({ accepted: 100, duplicates: 0 });
    expect(first!.accepted + fourth.accepted).toBe(100);
    expect(second).toEqual({ accepted: 0, duplicates: 100 });
    expect(third).toEqual({ accepted: 30, duplicates: 50 });
    if (testEngine() === 'sqlite') expect(first).toEqual({ accepted: 100, duplicates: 0 });

    const rows = await storedIds(overlapping.concat(events.slice(0, 50)).map((event) => event.id));
    expect(rows).toHaveLength(130);
    // Each row carries the receipt of the batch that stored it.
    const storedBy = first!.accepted === 100 ? '10.0.0.1' : '10.0.0.4';
    expect(new Set(rows.filter((row) => events.some((event) => event.id === row.id)).map((row) => row.client_ip))).toEqual(new Set([storedBy]));
    expect(new Set(rows.filter((row) => !events.some((event) => event.id === row.id)).map((row) => row.client_ip))).toEqual(new Set(['10.0.0.3']));
  });

  it('answers a batch only once it is committed: another connection reads every event the moment the reply comes', async () => {
    const events = batchFromNewPupil(400);
    const response = await post(events);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 400, duplicates: 0 });
    expect(await storedIds(events.map((event) => event.id))).toHaveLength(400);
  });

  it('fails only the batch the database refuses, with nothing of it stored, and stores the batches grouped with it', async () => {
    const [before, refused, after] = [batchFromNewPupil(50), batchFromNewPupil(50), batchFromNewPupil(50)];
    await makeInsertFail(server.dataDir, refused[25]!.id);
    const results = await Promise.allSettled([before, refused, after].map((events) => server.store.events.insert(events, receiptFrom('10.0.0.5'))));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await storedIds([...before, ...after].map((event) => event.id))).toHaveLength(100);
    // Not the 25 rows before the refused one either: its transaction rolled back whole.
    expect(await storedIds(refused.map((event) => event.id))).toHaveLength(0);
  });

  it('answers the device 500 in words when its batch cannot be stored, keeping nothing of it; the batch sent again is stored', async () => {
    const events = batchFromNewPupil(40);
    await makeInsertFail(server.dataDir, events[39]!.id);
    const refused = await post(events);
    expect(refused.status).toBe(500);
    expect(await refused.json()).toEqual({ error: 'the batch could not be stored: send it again' });
    expect(await storedIds(events.map((event) => event.id))).toHaveLength(0);
    expect(await server.rows('SELECT key FROM devices WHERE directory_id = ?', [events[0]!.device.directoryId])).toHaveLength(0);

    await dropEventTriggers(server.dataDir);
    const again = await post(events);
    expect(await again.json()).toEqual({ accepted: 40, duplicates: 0 });
  });

  it('answers 503 with Retry-After when more would wait than the queue holds, and stores what it took', async () => {
    // Every writer busy with a slow batch (SQLite has one; PostgreSQL writes a few groups at once).
    const slow = Array.from({ length: testEngine() === 'postgres' ? POSTGRES_GROUP_WRITERS : 1 }, () => batchFromNewPupil(300));
    await makeInsertSlow(server.dataDir, ...slow.map((events) => events[0]!.id));
    const writing = slow.map((events) => post(events));
    // The slow batches are being written (a second or more) when the next two arrive: one waits (300 events), the other would make 600 of 500.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [second, third] = [batchFromNewPupil(300), batchFromNewPupil(300)];
    const replies = await Promise.all([post(second), post(third)]);
    expect((await Promise.all(writing)).map((reply) => reply.status)).toEqual(slow.map(() => 200));
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 503]);
    const [refused, taken] = replies[0]!.status === 503 ? [{ reply: replies[0]!, events: second }, third] : [{ reply: replies[1]!, events: third }, second];
    expect(refused.reply.headers.get('retry-after')).toBe('5');
    expect((await refused.reply.json()).error).toMatch(/events waiting to be stored: send the batch again later/);
    expect(await storedIds(refused.events.map((event) => event.id))).toHaveLength(0);
    expect(await storedIds([...slow.flat(), ...taken].map((event) => event.id))).toHaveLength(300 * (slow.length + 1));
  });
});

describe('what a device may send', () => {
  it('stores a search cut mid-emoji (half a UTF-16 pair), which PostgreSQL’s JSON cannot hold as it is', async () => {
    const [search] = batchFromNewPupil(1).map((event) => ({ ...event, type: 'search', engine: 'google', query: 'cats \ud83d', host: 'www.google.com' }));
    const reply = await post([search]);
    expect(await reply.json()).toEqual({ accepted: 1, duplicates: 0 });
    const [row] = await server.rows<{ body: string }>('SELECT body FROM events WHERE id = ?', [search!.id]);
    // The half pair is kept as sent (SQLite) or made U+FFFD (PostgreSQL); the rest of the text is the device's.
    expect((JSON.parse(row!.body) as { query: string }).query).toMatch(/^cats (\ud83d|\ufffd)$/);
  });
});

describe('the event loop stays free while events are written', () => {
  it('answers GET /v1/overrides while a batch is being inserted', async () => {
    const slow = batchFromNewPupil(200);
    await makeInsertSlow(server.dataDir, slow[0]!.id);
    let posted = false;
    const upload = post(slow).then((reply) => {
      posted = true;
      return reply;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const overrides = await server.fetch(`${API_PATHS.overrides}?user=pupil.one%40school.example&yearGroup=Y9`, { headers: bearer(DEVICE_TOKEN) });
    expect(overrides.status).toBe(200);
    // Answered while the upload's insert was still running (the slow insert takes a second or more).
    expect(posted).toBe(false);
    expect((await upload).status).toBe(200);
    expect(await storedIds(slow.map((event) => event.id))).toHaveLength(200);
  });
});
