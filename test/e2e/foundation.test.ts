import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, waitForWorkerState, type ExtensionSession } from './harness';

describe('foundation: the built extension in real Chromium', () => {
  let session: ExtensionSession;

  beforeAll(async () => {
    session = await launchWithExtension({ policy: { extension: { schoolName: 'Harness Academy' } } });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('reads a value from the managed policy file in its service worker', async () => {
    // The first managed read after start can take ~3 s; wait for it rather than sleeping.
    const state = await waitForWorkerState(session, (s) => s.managed.schoolName !== undefined, { what: 'the policy value' });
    expect(state.managed.schoolName).toBe('Harness Academy');
    expect(state.appliedAt).toBeTypeOf('number');
  });

  it('redirects a blocked hostname to the block page, which shows the original URL, and the site never sees it', async () => {
    const blockedUrl = 'https://www.pornhub.com/view?id=42&from=test';
    const { page, url } = await session.navigate(blockedUrl);
    expect(url.startsWith(session.extensionUrl('src/pages/blocked.html'))).toBe(true);
    expect(new URL(url).hash).toBe(`#${blockedUrl}`);
    await page.waitForSelector('[data-testid="blocked-url"]');
    const shown = await page.$eval('[data-testid="blocked-url"]', (el) => el.textContent);
    expect(shown).toBe(blockedUrl);
    expect(session.fixture.requestsTo('www.pornhub.com')).toHaveLength(0);
  });

  it('lets an unlisted hostname through to the fixture server', async () => {
    const { page, url } = await session.navigate('https://www.bbc.co.uk/bitesize');
    expect(url).toBe('https://www.bbc.co.uk/bitesize');
    expect(await page.title()).toBe('fixture www.bbc.co.uk/bitesize');
    const reached = session.fixture.requestsTo('www.bbc.co.uk');
    expect(reached.length).toBeGreaterThan(0);
    expect(reached[0]!.headers['user-agent']).toMatch(/Chrome/);
  });
});

describe('foundation: with the service worker stopped', () => {
  let session: ExtensionSession;
  beforeAll(async () => {
    session = await launchWithExtension();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('still blocks (Chrome enforces static rules without us), and a message wakes a fresh worker', async () => {
    await session.evaluateInWorker(() => {
      (globalThis as unknown as { marker: string }).marker = 'first worker';
    });
    await session.stopWorker();
    const { url } = await session.navigate('https://xvideos.com/');
    expect(url.startsWith(session.extensionUrl('src/pages/blocked.html'))).toBe(true);
    expect(session.fixture.requestsTo('xvideos.com')).toHaveLength(0);
    const marker = await session.evaluateInWorker(() => (globalThis as unknown as { marker?: string }).marker ?? null);
    expect(marker).toBeNull();
  });
});
