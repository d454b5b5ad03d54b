/**
 * POST /v1/events against the real endpoint and a real SQLite file: storage,
 * idempotency (repeated and concurrent identical batches), gzip, the client
 * IP and receive time, and the devices record the dashboard reads.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterEvent } from '../../src/events/model';
import { API_PATHS, eventBatchReplySchema, MAX_BATCH_EVENTS } from '../../src/events/wire';
import { batchOf, blockEvent, envelope, heartbeatEvent, navigationEvent, policyEvent, searchEvent } from './harness/fixtures';
import { bearer, DEVICE_TOKEN, jsonPost, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ start: new Date('2025-03-03T09:00:00.000Z') });
});
afterAll(() => server.close());

function postEvents(body: unknown, token = DEVICE_TOKEN) {
  return server.fetch(API_PATHS.events, jsonPost(token, body));
}

describe('health', () => {
  it('answers without a token and names the version', async () => {
    const response = await server.fetch(API_PATHS.health);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('POST /v1/events', () => {
  it('stores every event type, with the client IP and the time it arrived', async () => {
    const base = () => envelope({ user: 'all.types@school.example' });
    const events: FilterEvent[] = [
      navigationEvent('www.bbc.co.uk', { user: 'all.types@school.example' }),
      searchEvent('how to make a volcano', { user: 'all.types@school.example' }),
      blockEvent({ user: 'all.types@school.example', category: 'adult', host: 'adult.example', url: 'https://adult.example/x' }),
      { ...base(), type: 'warn', category: 'social', host: 'social.example' },
      { ...base(), type: 'warn-decision', decision: 'continue', category: 'social', host: 'social.example' },
      { ...base(), type: 'report', reportId: randomUUID(), category: null, host: 'mean.example' },
      { ...base(), type: 'override', overrideId: randomUUID(), status: 'applied', domains: ['games.example'], expiresAt: new Date().toISOString() },
      policyEvent('b'.repeat(64), { user: 'all.types@school.example' }),
      heartbeatEvent({ user: 'all.types@school.example' }),
      { ...base(), type: 'dropped', count: 3, byType: { navigation: 3 }, oldest: new Date().toISOString(), newest: new Date().toISOString() },
    ];
    const response = await postEvents({ events });
    expect(response.status).toBe(200);
    expect(eventBatchReplySchema.parse(await response.json())).toEqual({ accepted: 10, duplicates: 0 });

    const rows = await server.rows<{ type: string; client_ip: string; received_at: string; token_label: string; body: string }>(
      `SELECT type, client_ip, received_at, token_label, body FROM events WHERE "user" = 'all.types@school.example'`,
    );
    expect(rows.map((row) => row.type).sort()).toEqual(['block', 'dropped', 'heartbeat', 'navigation', 'override', 'policy', 'report', 'search', 'warn', 'warn-decision']);
    for (const row of rows) {
      expect(row.client_ip).toBe('127.0.0.1');
      expect(row.received_at).toBe('2025-03-03T09:00:00.000Z');
      expect(row.token_label).toBe('pupils');
    }
    const search = rows.find((row) => row.type === 'search')!;
    expect(JSON.parse(search.body)).toMatchObject({ query: 'how to make a volcano', engine: 'google' });
  });

  it('counts a repeated batch as duplicates and stores nothing twice', async () => {
    const batch = batchOf(25);
    const before = (await server.counts()).events;
    expect(await (await postEvents(batch)).json()).toEqual({ accepted: 25, duplicates: 0 });
    expect(await (await postEvents(batch)).json()).toEqual({ accepted: 0, duplicates: 25 });
    // Half old, half new: only the new half is stored.
    const mixed = { events: [...batch.events.slice(0, 10), ...batchOf(10).events] };
    expect(await (await postEvents(mixed)).json()).toEqual({ accepted: 10, duplicates: 10 });
    expect((await server.counts()).events).toBe(before + 35);
  });

  it('counts the same id twice in one batch once', async () => {
    const event = blockEvent();
    expect(await (await postEvents({ events: [event, event, { ...event, host: 'other.example' }] })).json()).toEqual({ accepted: 1, duplicates: 2 });
  });

  it('stores each event once when identical batches arrive at the same moment', async () => {
    const batch = batchOf(200, (i) => (i % 2 ? searchEvent(`query ${i}`) : blockEvent()));
    const before = (await server.counts()).events;
    const replies = await Promise.all(Array.from({ length: 8 }, () => postEvents(batch).then((r) => r.json() as Promise<{ accepted: number; duplicates: number }>)));
    expect(replies.reduce((sum, reply) => sum + reply.accepted, 0)).toBe(200);
    expect(replies.reduce((sum, reply) => sum + reply.duplicates, 0)).toBe(7 * 200);
    expect((await server.counts()).events).toBe(before + 200);
  });

  it('accepts a gzip body, and a full batch of the largest size', async () => {
    const batch = batchOf(MAX_BATCH_EVENTS, (i) => navigationEvent(`site${i}.example`));
    const response = await server.fetch(API_PATHS.events, {
      method: 'POST',
      headers: { ...bearer(DEVICE_TOKEN), 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(batch)),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: MAX_BATCH_EVENTS, duplicates: 0 });
  });

  it('accepts events from staff tokens too (staff devices are filtered and logged)', async () => {
    const response = await postEvents(batchOf(1, () => navigationEvent('news.example', { role: 'staff', yearGroup: null })), STAFF_TOKEN);
    expect(response.status).toBe(200);
  });

  it('keeps one record per device: last seen, version, policy hash and the newest heartbeat', async () => {
    const device = { directoryId: 'dir-heartbeat', serialNumber: 'SNHB', assetId: 'A-HB' };
    const at = (minutes: number) => new Date(Date.parse('2025-03-03T08:00:00.000Z') + minutes * 60_000).toISOString();
    await postEvents({
      events: [
        heartbeatEvent({ device, time: at(10), extensionVersion: '0.1.0' }, 'c'.repeat(64)),
        policyEvent('d'.repeat(64), { device, time: at(20), extensionVersion: '0.1.1' }),
        // Made earlier, in the same batch: one batch folds in the order its events were made, so this must not move the record back.
        heartbeatEvent({ device, time: at(5), extensionVersion: '0.0.9' }, 'e'.repeat(64)),
      ],
    });
    const devices = await server.store.devices.list();
    const record = devices.find((d) => d.directoryId === 'dir-heartbeat')!;
    expect(record).toMatchObject({ extensionVersion: '0.1.1', policyHash: 'd'.repeat(64), lastHeartbeatAt: at(10), lastSeenAt: '2025-03-03T09:00:00.000Z' });
  });

  it('answers the reply shape the extension parses', async () => {
    const reply = await (await postEvents(batchOf(1))).json();
    expect(eventBatchReplySchema.safeParse(reply).success).toBe(true);
  });
});
