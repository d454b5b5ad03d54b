/**
 * Issue 22, stateless endpoint processes: two real endpoint processes (`server/src/main.ts`, as `npm run server`
 * runs it) share one PostgreSQL database behind a round-robin proxy on loopback (harness/round-robin-proxy.ts
 * says why not nginx). A pupil's extension in real Chromium uploads through the proxy: its batches land through
 * either process. Then one process is killed (SIGKILL) the moment it has stored a batch and before the device
 * hears so; the device sends the batch again, the other process takes it, and every event the device sent is
 * stored exactly once. (The "a school's IT Lead cannot see another school's reports" is
 * test/e2e/schools.test.ts, on SQLite and on a PostgreSQL endpoint process.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { DEVICE_TOKEN, type ExtensionSession, launchWithExtension, queuedEvents, uploadNow, waitForWorkerState } from './harness';
import { drainQueue } from './harness/drain-queue';
import { startEndpointProcesses, type EndpointProcesses } from './harness/endpoint-processes';
import { startRoundRobinProxy, type RoundRobinProxy } from './harness/round-robin-proxy';

let endpoints: EndpointProcesses;
let proxy: RoundRobinProxy;
let session: ExtensionSession;

const eventPosts = () => proxy.exchanges.filter((exchange) => exchange.method === 'POST' && exchange.path === API_PATHS.events);
const idsIn = (body: string) => (JSON.parse(body) as { events: { id: string }[] }).events.map((event) => event.id);

beforeAll(async () => {
  endpoints = await startEndpointProcesses(2);
  proxy = await startRoundRobinProxy(endpoints.processes.map((running) => running.url));
  session = await launchWithExtension({
    policy: { extension: { schoolName: 'Harness Academy', role: 'pupil', yearGroup: 'Y7', logging: { detail: 'full' }, endpoint: { url: proxy.url, token: DEVICE_TOKEN } } },
  });
  await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y7' && s.dynamicRuleCount > 0, { what: 'the Y7 profile' });
}, 180_000);

afterAll(async () => {
  await session?.close();
  await proxy?.close();
  await endpoints?.close();
});

describe('two endpoint processes behind a proxy, one PostgreSQL', () => {
  it('takes a device’s uploads through either process', async () => {
    // Devices' other requests (lists, allowlists) take turns too, so a few rounds until each process has stored a batch.
    for (let round = 0; round < 8 && new Set(eventPosts().filter((post) => post.status === 200).map((post) => post.upstream)).size < 2; round += 1) {
      await session.navigate(`https://pages.example/either-${round}`);
      await drainQueue(session);
    }
    const landed = eventPosts().filter((post) => post.status === 200);
    expect(new Set(landed.map((post) => post.upstream))).toEqual(new Set([0, 1]));
  });

  it('loses and doubles nothing when a process is killed after storing a batch and before the device hears', async () => {
    await drainQueue(session);
    const killed = proxy.killOnNextReply(API_PATHS.events, (upstream) => endpoints.processes[upstream]!.kill('SIGKILL'));
    await session.navigate('https://pages.example/while-a-process-dies');
    const queuedBefore = (await queuedEvents(session)).map((event) => event.id as string);
    expect(queuedBefore.length).toBeGreaterThan(0);
    await uploadNow(session);
    const cut = await killed;
    // The killed process had stored the batch: its reply, never relayed, said so.
    expect(cut.status).toBe(200);
    const cutIds = idsIn(cut.body);
    expect(JSON.parse(cut.reply)).toEqual({ accepted: cutIds.length, duplicates: 0 });

    // The device sends again (within the same pass or the next); only the other process is left.
    await drainQueue(session, 60_000);
    const retried = eventPosts().filter((post) => post.status === 200 && post.upstream !== cut.upstream && idsIn(post.body).some((id) => cutIds.includes(id)));
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.reduce((sum, post) => sum + (JSON.parse(post.reply) as { duplicates: number }).duplicates, 0)).toBeGreaterThanOrEqual(cutIds.length);

    // Every event the device sent, through either process, is stored exactly once.
    const sent = new Set(eventPosts().flatMap((post) => idsIn(post.body)));
    for (const id of queuedBefore) expect(sent.has(id)).toBe(true);
    const stored = await endpoints.rows<{ id: string; copies: number }>('SELECT id, count(*) AS copies FROM events GROUP BY id');
    expect(stored.filter((row) => row.copies !== 1)).toEqual([]);
    expect(new Set(stored.map((row) => row.id))).toEqual(sent);
  });
});
