/**
 * Events from real Chromium to the real school endpoint (SQLite on loopback):
 * what arrives carries the DfE filtering standard's fields; an endpoint that is
 * down loses nothing and, when back, receives each event exactly once; a
 * worker stopped in the middle of an upload loses nothing and duplicates
 * nothing at the receiver.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DIST_DIR,
  type E2eEndpoint,
  type ExtensionSession,
  landing,
  launchWithExtension,
  queuedEvents,
  startEndpoint,
  until,
  uploadNow,
  waitForWorkerState,
  workerState,
} from './harness';
import { startHoldingProxy, type HoldingProxy } from './harness/holding-proxy';

const VERSION = JSON.parse(readFileSync(join(DIST_DIR, 'manifest.json'), 'utf8')).version as string;

function pupilPolicy(endpoint: { url: string; token: string }) {
  return {
    schoolName: 'Harness Academy',
    role: 'pupil',
    yearGroup: 'Y7',
    endpoint,
    logging: { detail: 'full' },
  };
}

/** Main-frame navigations queued for these URLs (capture runs after the commit, so wait for it). */
async function queuedNavigationsTo(session: ExtensionSession, urls: readonly string[]) {
  const wanted = new Set(urls);
  return until(`${urls.length} queued navigation events`, async () => {
    const queued = (await queuedEvents(session, 'navigation')).filter((event) => wanted.has(String(event.url)));
    return queued.length >= urls.length ? queued : undefined;
  });
}

function occurrences(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

describe('events reach the school endpoint', () => {
  let endpoint: E2eEndpoint;
  let session: ExtensionSession;

  beforeAll(async () => {
    endpoint = await startEndpoint();
    session = await launchWithExtension({ policy: { extension: pupilPolicy(endpoint.policyValue()) } });
    await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y7' && s.dynamicRuleCount > 0, { what: 'the Y7 profile' });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await endpoint?.close();
  });

  it('browsing, a search, a block and a warning arrive with user, device, time and what was searched or blocked', async () => {
    const page = (await session.navigate('https://www.bbc.co.uk/bitesize/subjects')).page;
    await page.goto('https://www.google.com/search?q=volcano+eruption+facts', { waitUntil: 'domcontentloaded' });
    await page.close();
    expect(await landing(session, 'https://www.pornhub.com/video?id=7')).toMatchObject({ where: 'block', reason: 'adult' });
    expect(await landing(session, 'https://claude.ai/new')).toMatchObject({ where: 'warn', reason: 'ai' });

    const stored = await until('navigation, search, block and warn events at the endpoint', async () => {
      await uploadNow(session);
      const events = endpoint.storedEvents();
      const types = new Set(events.map((e) => e.type));
      return ['navigation', 'search', 'block', 'warn', 'policy'].every((t) => types.has(t)) ? events : undefined;
    });

    const state = await workerState(session);
    for (const { event, clientIp, tokenLabel } of stored) {
      // Every event names the user, the device, the time, and where it was received from.
      expect(event.user, event.type as string).toBe(state.email);
      expect(Object.keys(event.device as object).sort()).toEqual(['assetId', 'directoryId', 'serialNumber']);
      expect(Date.parse(event.time as string)).toBeGreaterThan(Date.now() - 5 * 60_000);
      expect(event).toMatchObject({ yearGroup: 'Y7', role: 'pupil', extensionVersion: VERSION });
      expect(clientIp).toBe('127.0.0.1');
      expect(tokenLabel).toBe('pupils');
    }
    const ofType = (type: string) => stored.filter((e) => e.type === type).map((e) => e.event);
    // At `full`, the page's title too (the fixture server titles each page by its host and path).
    expect(ofType('navigation')).toContainEqual(
      expect.objectContaining({ host: 'www.bbc.co.uk', url: 'https://www.bbc.co.uk/bitesize/subjects', title: 'fixture www.bbc.co.uk/bitesize/subjects' }),
    );
    expect(ofType('search')).toContainEqual(expect.objectContaining({ engine: 'google', query: 'volcano eruption facts', host: 'www.google.com' }));
    expect(ofType('block')).toContainEqual(
      expect.objectContaining({ category: 'adult', host: 'www.pornhub.com', url: 'https://www.pornhub.com/video?id=7' }),
    );
    expect(ofType('warn')).toContainEqual(expect.objectContaining({ category: 'ai', host: 'claude.ai', url: 'https://claude.ai/new' }));
    // The block page itself is not logged as a navigation to an extension page.
    expect(ofType('navigation').some((e) => String(e.url).startsWith('chrome-extension://'))).toBe(false);

    // Delivered means deleted from the device, and nothing was stored twice.
    expect(await queuedEvents(session)).toEqual([]);
    expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
  });

  it('with the endpoint down for 200 pages, keeps every event and delivers each exactly once when it is back', async () => {
    await uploadNow(session);
    await endpoint.stop();

    const urls = Array.from({ length: 200 }, (_, i) => `https://pages.example/lesson/${i}`);
    const tab = await session.browser.newPage();
    for (const url of urls) await tab.goto(url, { waitUntil: 'domcontentloaded' });
    await tab.close();
    const queuedNavigations = await queuedNavigationsTo(session, urls);
    const queuedIds = (await queuedEvents(session)).map((event) => String(event.id));

    // It tried while the endpoint was down (the queue passed the upload threshold) and is backing off.
    const backoff = await session.evaluateInWorker(async () => (await chrome.storage.local.get('uploadBackoff')).uploadBackoff as { failures: number; nextAttemptAt: number });
    expect(backoff.failures).toBeGreaterThanOrEqual(1);
    expect(queuedNavigations).toHaveLength(200);

    await endpoint.restart();
    // No nudge from the test: the device's own retry finds the endpoint again.
    const waitMs = Math.max(0, backoff.nextAttemptAt - Date.now()) + 60_000;
    await until('the queue to drain to the restarted endpoint', async () => ((await queuedEvents(session)).length === 0 ? true : undefined), waitMs);

    const stored = endpoint.storedEvents();
    const storedIds = new Set(stored.map((e) => e.id));
    expect(queuedIds.filter((id) => !storedIds.has(id))).toEqual([]);
    const perUrl = occurrences(stored.filter((e) => e.type === 'navigation').map((e) => String(e.event.url)));
    for (const url of urls) expect(perUrl.get(url), url).toBe(1);
    expect(stored.filter((e) => e.type === 'dropped')).toEqual([]);
  }, 240_000);
});

describe('a worker stopped in the middle of an upload', () => {
  let endpoint: E2eEndpoint;
  let proxy: HoldingProxy;
  let session: ExtensionSession;

  beforeAll(async () => {
    endpoint = await startEndpoint();
    proxy = await startHoldingProxy(endpoint.url);
    session = await launchWithExtension({ policy: { extension: pupilPolicy({ ...endpoint.policyValue(), url: proxy.url }) } });
    await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y7', { what: 'the Y7 profile' });
    await until('the first events through the proxy', async () => {
      await uploadNow(session);
      return proxy.exchanges.some((exchange) => exchange.path === '/v1/events' && exchange.status === 200) ? true : undefined;
    });
  }, 120_000);

  afterEach(() => proxy?.holdReplies(false));

  afterAll(async () => {
    await session?.close();
    await proxy?.close();
    await endpoint?.close();
  });

  it('loses nothing and stores nothing twice when the endpoint stored the batch but the worker never heard', async () => {
    const urls = Array.from({ length: 30 }, (_, i) => `https://pages.example/homework/${i}`);
    const tab = await session.browser.newPage();
    for (const url of urls) await tab.goto(url, { waitUntil: 'domcontentloaded' });
    await tab.close();
    await queuedNavigationsTo(session, urls);
    const pendingIds = (await queuedEvents(session)).map((event) => String(event.id));

    proxy.holdReplies(true);
    const held = proxy.nextHeldReply();
    await session.evaluateInWorker(() => {
      void (globalThis as unknown as { schoolFilter: { uploadNow(): Promise<unknown> } }).schoolFilter.uploadNow();
    });
    const stored = await held;
    // The endpoint has the whole batch...
    expect(stored.status).toBe(200);
    expect(JSON.parse(stored.reply)).toEqual({ accepted: pendingIds.length, duplicates: 0 });

    // ...and the worker dies before the reply reaches it.
    await session.stopWorker();
    proxy.dropHeld();
    proxy.holdReplies(false);

    // A new worker starts (Chrome wakes it for an event; the test does it with
    // a message) and sends the batch again: the endpoint counts duplicates.
    const sent = proxy.exchanges.length;
    await until('the queue to drain after the restart', async () => ((await queuedEvents(session)).length === 0 ? true : undefined), 60_000);
    const resend = proxy.exchanges.slice(sent).find((exchange) => exchange.path === '/v1/events');
    expect(resend, 'the new worker resent the batch').toBeDefined();
    expect(JSON.parse(resend!.reply).duplicates).toBe(pendingIds.length);

    const rows = endpoint.storedEvents();
    const perId = occurrences(rows.map((row) => row.id));
    for (const id of pendingIds) expect(perId.get(id), id).toBe(1);
    const perUrl = occurrences(rows.filter((row) => row.type === 'navigation').map((row) => String(row.event.url)));
    for (const url of urls) expect(perUrl.get(url), url).toBe(1);
  });
});

describe('an address that answers 200 but is not the endpoint', () => {
  let session: ExtensionSession;

  beforeAll(async () => {
    // A captive portal or a mistyped URL: the fixture server answers every request with an HTML page.
    session = await launchWithExtension({ policy: { extension: pupilPolicy({ url: 'https://wifi-login.example', token: 'device-token-for-tests-0123456789' }) } });
    await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y7', { what: 'the Y7 profile' });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('keeps the events, backs off and says why on the status page', async () => {
    await queuedNavigationsTo(session, [(await session.navigate('https://pages.example/portal-test')).url]);
    const before = (await queuedEvents(session)).map((event) => event.id);

    const result = await uploadNow(session);
    expect(result).toMatchObject({ delivered: 0, stoppedBy: expect.stringMatching(/failure|backing-off/) });
    expect(session.fixture.requestsTo('wifi-login.example').some((request) => request.method === 'POST')).toBe(true);
    expect((await queuedEvents(session)).map((event) => event.id)).toEqual(expect.arrayContaining(before));

    const { page } = await session.navigate(session.extensionUrl('src/pages/status.html'));
    await page.waitForSelector('[data-testid="queue"]');
    await page.waitForFunction(() => /captive portal/.test(document.querySelector('[data-testid="queue"]')?.textContent ?? ''));
    await page.close();
  });
});
