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

  it('hand each due outbox message to one sender, and record a day\'s digest once, when both claim at once', async () => {
    const at = new Date('2026-06-15T05:00:00.000Z');
    const email = (index: number) => ({ kind: 'alert' as const, payload: { channel: 'email' as const, to: ['dsl@school.example'], subject: `message ${index}`, text: '', html: '' } });
    for (let index = 0; index < 30; index += 1) {
      const notice = { alertId: `claim-${index}`, risk: 'bullying' as const, severity: 'high' as const, yearGroup: 'Y9' as const, openedAt: at.toISOString(), lastEvidenceAt: at.toISOString(), evidenceCount: 1, change: 'opened' as const };
      expect(await first.notifications.recordNotice(notice, at, [email(index)])).toBe(true);
    }
    const leaseUntil = new Date(at.getTime() + 60_000);
    // Twelve passes, six from each store, all at once, three messages each at most: 36 places for 30 messages.
    const claims = await Promise.all(Array.from({ length: 12 }, (_, index) => (index % 2 === 0 ? first : second).notifications.claimDue(at, leaseUntil, 3)));
    const subjects = claims.flat().map((message) => (message.payload.channel === 'email' ? message.payload.subject : ''));
    expect(subjects.sort()).toEqual(Array.from({ length: 30 }, (_, index) => `message ${index}`).sort());

    const period = { localDate: '2026-06-15', start: new Date('2026-06-14T06:00:00.000Z'), end: new Date('2026-06-15T06:00:00.000Z') };
    const digests = await Promise.all([first, second, first, second].map((store) => store.notifications.queueDigest(period, at, [email(99)])));
    expect(digests.filter(Boolean)).toHaveLength(1);
  });
});
