/**
 * Idempotency by id across connections: two stores opened on one database (as two endpoint processes would
 * open it) given the same batch, the same report and the same allowlist at the same moment store each once,
 * and between them say so (one accepts, the other counts duplicates); write limit counts added by both at once
 * sum exactly. On SQLite the two are two connections to one file; on PostgreSQL two pools, so the writes truly overlap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/src/store/open-store';
import type { Receipt, Store } from '../../server/src/store/store';
import { batchOf, blockEvent, overrideRequest, report } from './harness/fixtures';
import { startTestServer, type TestServer } from './harness/server';

let server: TestServer;
let first: Store;
let second: Store;
const receipt: Receipt = { receivedAt: new Date('2026-03-02T09:00:00.000Z'), clientIp: '10.0.0.7', tokenLabel: 'pupils', tokenScope: 'device' };

beforeAll(async () => {
  server = await startTestServer();
  [first, second] = await Promise.all([openStore(server.config), openStore(server.config)]);
});

afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
  await server.close();
});

describe('two stores on one database', () => {
  it('store a batch posted to both at once exactly once', async () => {
    // Several devices in one batch, as a proxy's retries would carry.
    const { events } = batchOf(300, (index) => blockEvent({ device: { directoryId: `dir-${index % 7}`, serialNumber: '', assetId: '' } }));
    const before = (await server.counts()).events;
    const [a, b] = await Promise.all([first.events.insert(events, receipt), second.events.insert(events, receipt)]);
    expect(a.accepted + b.accepted).toBe(300);
    expect(a.duplicates + b.duplicates).toBe(300);
    expect((await server.counts()).events).toBe(before + 300);
    expect((await first.devices.list()).filter((device) => device.directoryId.startsWith('dir-'))).toHaveLength(7);
  });

  it('store a report and an allowlist sent to both at once once, with one trail', async () => {
    const sent = { ...report(), followUpSecretSha256: null };
    const [a, b] = await Promise.all([first.reports.create(sent, receipt, null), second.reports.create(sent, receipt, null)]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect((await first.reports.trail(sent.id)).filter((entry) => entry.action === 'received')).toHaveLength(1);

    const request = overrideRequest();
    const [x, y] = await Promise.all([first.overrides.create(request, receipt), second.overrides.create(request, receipt)]);
    expect([x.created, y.created].sort()).toEqual([false, true]);
    expect(x.override).toEqual(y.override);
  });

  it('count write limit hits sent to both at once exactly, whatever order each names the keys in', async () => {
    const windowStart = new Date('2026-03-02T09:00:00.000Z');
    const hit = (key: string) => ({ key, windowStart, weight: 1 });
    // Opposite orders: on PostgreSQL each request holds its keys' rows until it commits, so taking them as named could wait in a circle.
    const sends = Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? first : second).writeWindows.count(index % 4 < 2 ? [hit('ann'), hit('bob')] : [hit('bob'), hit('ann')]));
    const answers = await Promise.all(sends);
    // Each answer is the count after that request: every number from 1 to 40 once per key, none lost or repeated.
    const annCounts = answers.map((counts, index) => counts[index % 4 < 2 ? 0 : 1]).sort((a, b) => a! - b!);
    expect(annCounts).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    expect(await server.rows('SELECT key, count FROM write_windows ORDER BY key')).toEqual([
      { key: 'ann', count: 40 },
      { key: 'bob', count: 40 },
    ]);
  });
});
