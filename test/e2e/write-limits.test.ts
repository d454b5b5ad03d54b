/**
 * A write refused by the endpoint's limit is not lost (issue 21): real Chromium, the built extension and the
 * real endpoint with a small per-token events limit. The token's window is filled, so the device's next batch
 * gets a 429 with Retry-After; the events stay in the device's queue, the device waits at least as long as
 * Retry-After asked, and once the window has moved on its own retry delivers every one of them, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { batchOf } from '../server/harness/fixtures';
import { jsonPost } from '../server/harness/server';
import { DEVICE_TOKEN, type E2eEndpoint, type ExtensionSession, launchWithExtension, queuedEvents, startEndpoint, until, uploadNow, waitForWorkerState } from './harness';

const WINDOW_MINUTES = 1;
/**
 * The endpoint's clock is held 8 seconds before its one-minute window ends: Retry-After is then 8 s, longer than
 * the device's own first backoff (at most 5 s, src/events/backoff.ts), so a wait that long is the header's doing.
 */
const RETRY_AFTER_MS = 8_000;
const HELD_AT = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 10 * 60_000 - RETRY_AFTER_MS);

describe('an upload refused by the per-token limit', () => {
  let endpoint: E2eEndpoint;
  let session: ExtensionSession;

  beforeAll(async () => {
    endpoint = await startEndpoint({ realClock: false, start: HELD_AT, config: { writeLimits: { events: { token: { max: 500, windowMinutes: WINDOW_MINUTES } } } } });
    session = await launchWithExtension({
      policy: { extension: { schoolName: 'Harness Academy', role: 'pupil', yearGroup: 'Y7', endpoint: endpoint.policyValue(), logging: { detail: 'full' } } },
    });
    await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y7' && s.dynamicRuleCount > 0, { what: 'the Y7 profile' });
    // What the device sent at start is in; what it sends next is the test's.
    await until('the start-up events delivered', async () => {
      await uploadNow(session);
      return (await queuedEvents(session)).length === 0 ? true : undefined;
    });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await endpoint?.close();
  });

  it('stays queued, waits for Retry-After, and is delivered once the window has moved on', async () => {
    const server = endpoint.server!;
    // Another device on the same token fills the rest of this window (the start-up uploads used some of it).
    for (let sent = 0; sent < 500; sent += 100) await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, batchOf(100)));
    expect((await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, batchOf(1)))).status).toBe(429);

    const url = (await session.navigate('https://pages.example/limited-lesson')).url;
    await until('the navigation queued', async () => ((await queuedEvents(session, 'navigation')).some((event) => event.url === url) ? true : undefined));
    const ids = (await queuedEvents(session)).map((event) => String(event.id));

    const triedAt = Date.now();
    const result = await uploadNow(session);
    expect(result).toMatchObject({ delivered: 0, stoppedBy: 'failure' });
    // Still on the device, every one of them.
    expect((await queuedEvents(session)).map((event) => String(event.id))).toEqual(expect.arrayContaining(ids));
    const backoff = await session.evaluateInWorker(async () => (await chrome.storage.local.get('uploadBackoff')).uploadBackoff as { nextAttemptAt: number; lastError?: string });
    expect(backoff.nextAttemptAt - triedAt).toBeGreaterThanOrEqual(RETRY_AFTER_MS);

    // The endpoint's window moves on; no nudge from the test: the device's own retry delivers.
    server.clock.set(new Date(HELD_AT.getTime() + WINDOW_MINUTES * 60_000));
    await until('the queue to drain', async () => ((await queuedEvents(session)).length === 0 ? true : undefined));
    const stored = endpoint.storedEvents().map((event) => event.id);
    for (const id of ids) expect(stored.filter((storedId) => storedId === id), id).toHaveLength(1);
  }, 120_000);
});
