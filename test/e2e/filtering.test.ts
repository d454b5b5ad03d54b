/**
 * Category filtering in real Chromium, on mapped hostnames answered by the
 * fixture server: rulesets, bands, warn "Continue", admin lists, never-block,
 * the illegal feed, safe search, and enforcement without the worker.
 *
 * The extension is a copy of dist/ with test lists compiled in (a made-up
 * illegal feed and a games list naming mit.edu, parent of never-block
 * scratch.mit.edu): see test/fixtures/rules/.
 */
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  buildExtensionVariant,
  classifyLanding,
  type ExtensionSession,
  landing,
  launchWithExtension,
  queuedEvents,
  waitForWorkerState,
} from './harness';

const Y7_POLICY = {
  schoolName: 'Harness Academy',
  role: 'pupil',
  yearGroup: 'Y7',
  approvedAiTools: ['chatgpt.com'],
  allowDomains: ['roblox.com', 'illegal-feed.example'],
  blockDomains: ['en.wikipedia.org'],
  warnContinueMinutes: 0.5,
  blockPageContact: 'Ask Ms Rivera in the IT office (room 12).',
};

let session: ExtensionSession;

beforeAll(async () => {
  const extensionDir = buildExtensionVariant('filtering', [join(import.meta.dirname, '..', 'fixtures', 'rules', 'sources.test.json')]);
  session = await launchWithExtension({ policy: { extension: Y7_POLICY }, extensionDir });
  await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y7' && s.dynamicRuleCount > 0, { what: 'the Y7 profile and its rules' });
}, 120_000);

afterAll(async () => {
  await session?.close();
});

async function readyPage(s: ExtensionSession, url: string, testId: string): Promise<Page> {
  const { page, url: landed } = await s.navigate(url);
  expect(classifyLanding(s, landed).where).not.toBe('site');
  await page.waitForSelector(`[data-testid="${testId}"][data-ready="true"]`);
  return page;
}

describe('category filtering for a Y7 pupil', () => {
  it('blocks an adult domain and every subdomain, before the site sees a request', async () => {
    for (const url of ['https://pornhub.com/', 'https://www.pornhub.com/x', 'https://de.pornhub.com/', 'https://a.b.xvideos.com/']) {
      const landed = await landing(session, url);
      expect(landed, url).toMatchObject({ where: 'block', reason: 'adult' });
    }
    expect(session.fixture.requestsTo('www.pornhub.com')).toHaveLength(0);
    expect(session.fixture.requestsTo('de.pornhub.com')).toHaveLength(0);
    expect((await landing(session, 'https://notpornhub.com/')).where).toBe('site');
  });

  it("a blocked domain's images, scripts, styles, fetches and frames on an open page never leave the browser", async () => {
    session.fixture.route((request) =>
      request.host === 'lesson.example' && request.path === '/embeds'
        ? {
            body: `<!doctype html><html lang="en"><title>embeds</title><body>
              <img id="img" alt="" src="https://cdn.pornhub.com/thumb.jpg">
              <link rel="stylesheet" href="https://www.pornhub.com/site.css">
              <script src="https://www.xvideos.com/player.js"></script>
              <iframe id="frame" title="embedded" src="https://www.pornhub.com/embed/1"></iframe>
              <iframe id="warned" title="warned" src="https://claude.ai/embed/2"></iframe>
              <script>window.fetched = fetch('https://api.xvideos.com/data.json').then((r) => r.status, (e) => 'failed');</script>
            </body></html>`,
          }
        : undefined,
    );
    const { page } = await session.navigate('https://lesson.example/embeds');
    await page.waitForFunction(() => (document.getElementById('img') as HTMLImageElement).complete);
    expect(await page.$eval('#img', (img) => (img as HTMLImageElement).naturalWidth)).toBe(0);
    // A fetch answered by our page would show its status; the point is that the site never hears of it.
    await page.evaluate(() => (window as unknown as { fetched: Promise<unknown> }).fetched);
    // Frames show one line from our pages, not the site, and not the full page with its buttons.
    const frameOn = (path: string) => page.frames().find((f) => f.url().startsWith(session.extensionUrl(path)));
    await expect.poll(() => Boolean(frameOn('src/pages/blocked.html') && frameOn('src/pages/warn.html'))).toBe(true);
    const blocked = await frameOn('src/pages/blocked.html')!.waitForSelector('[data-testid="framed-notice"]');
    expect(await blocked!.evaluate((el) => el.textContent)).toBe("Your school's filter stopped content from www.pornhub.com.");
    const warned = frameOn('src/pages/warn.html')!;
    await warned.waitForSelector('[data-testid="framed-notice"] a');
    expect(await warned.$eval('[data-testid="framed-notice"] a', (a) => (a as HTMLAnchorElement).href)).toBe('https://claude.ai/embed/2');
    expect(await warned.$('button')).toBeNull();
    await page.close();
    const embedded = ['/thumb.jpg', '/site.css', '/player.js', '/embed/1', '/data.json', '/embed/2'];
    for (const host of ['cdn.pornhub.com', 'www.pornhub.com', 'www.xvideos.com', 'api.xvideos.com', 'claude.ai']) {
      expect(session.fixture.requestsTo(host).filter((r) => embedded.includes(r.path)), host).toEqual([]);
    }
  });

  it('block page: the category in secondary words, the school contact, accessible, keyboard-operable', async () => {
    const page = await readyPage(session, 'https://www.pornhub.com/video?id=7', 'blocked-page');
    expect(await page.$eval('[data-testid="blocked-page"]', (el) => el.getAttribute('data-audience'))).toBe('secondary');
    expect(await page.$eval('[data-testid="blocked-because"]', (el) => el.textContent)).toBe('It looks like adult or sexual content, so your school has blocked it.');
    expect(await page.$eval('[data-testid="blocked-contact"]', (el) => el.textContent)).toBe(Y7_POLICY.blockPageContact);
    expect(await page.$eval('[data-testid="blocked-url"]', (el) => el.textContent)).toBe('https://www.pornhub.com/video?id=7');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Go back');
    await page.close();
  });

  it('warns on an unapproved AI tool and lets the approved one through', async () => {
    expect(await landing(session, 'https://claude.ai/new')).toMatchObject({ where: 'warn', reason: 'ai' });
    expect(session.fixture.requestsTo('claude.ai')).toHaveLength(0);
    expect(await landing(session, 'https://chatgpt.com/')).toMatchObject({ where: 'site' });
    expect(session.fixture.requestsTo('chatgpt.com').length).toBeGreaterThan(0);
  });

  it('warn page: the school rule in plain words, Go back focused, accessible', async () => {
    const page = await readyPage(session, 'https://claude.ai/new', 'warn-page');
    expect(await page.$eval('h1', (el) => el.textContent)).toBe("This AI tool isn't approved by your school");
    expect(await page.$eval('[data-testid="warn-rule"]', (el) => el.textContent)).toContain('for 30 seconds');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('warn-back');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('"Continue", chosen by keyboard, opens the site in that tab only, and expires', async () => {
    const page = await readyPage(session, 'https://claude.ai/new', 'warn-page');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('warn-continue');
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.keyboard.press('Enter')]);
    expect(page.url()).toBe('https://claude.ai/new');
    expect(session.fixture.requestsTo('claude.ai').length).toBeGreaterThan(0);

    // Another tab is still warned: the rule is scoped to the tab that chose.
    expect((await landing(session, 'https://claude.ai/other')).where).toBe('warn');
    // The same tab keeps the site while the time lasts.
    expect(classifyLanding(session, (await session.navigate('https://claude.ai/second', page)).url).where).toBe('site');

    const events = await queuedEvents(session, 'warn-decision');
    expect(events.at(-1)).toMatchObject({ decision: 'continue', category: 'ai', host: 'claude.ai', user: expect.any(String), yearGroup: 'Y7' });
    expect(events.at(-1)).not.toHaveProperty('refused');

    // 0.5 minutes by policy: wait for the worker to remove the session rule, then the warning is back.
    const deadline = Date.now() + 60_000;
    while ((await session.evaluateInWorker(async () => (await chrome.declarativeNetRequest.getSessionRules()).length)) > 0) {
      if (Date.now() > deadline) throw new Error('the continue rule did not expire within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(classifyLanding(session, (await session.navigate('https://claude.ai/third', page)).url).where).toBe('warn');
    await page.close();
  }, 90_000);

  it('"Go back" is logged, and the worker refuses a continue the profile does not allow', async () => {
    const page = await readyPage(session, 'https://www.tiktok.com/@someone', 'warn-page');
    await page.click('[data-testid="warn-back"]');
    await expect.poll(async () => (await queuedEvents(session, 'warn-decision')).some((e) => e.decision === 'back' && e.category === 'social')).toBe(true);
    await page.close();

    // A forged page claiming games is warned (it is blocked for Y7) gets no rule.
    const { page: warnPage } = await session.navigate(session.extensionUrl('src/pages/warn.html?category=games#https://www.minecraft.net/'));
    await warnPage.waitForSelector('[data-testid="warn-page"][data-ready="true"]');
    await warnPage.click('[data-testid="warn-continue"]');
    await warnPage.waitForSelector('[data-testid="warn-problem"]');
    expect(await session.evaluateInWorker(async () => (await chrome.declarativeNetRequest.getSessionRules()).length)).toBe(0);
    expect((await queuedEvents(session, 'warn-decision')).at(-1)).toMatchObject({ decision: 'continue', category: 'games', refused: 'not-a-warned-category' });
    await warnPage.close();
  });
});

describe('authority between lists', () => {
  it('never-block beats a category that lists its parent', async () => {
    expect(await landing(session, 'https://www.mit.edu/')).toMatchObject({ where: 'block', reason: 'games' });
    expect(await landing(session, 'https://scratch.mit.edu/projects/1')).toMatchObject({ where: 'site' });
  });

  it('a blocked path-level entry beats never-block; the rest of the site stays open', async () => {
    expect(await landing(session, 'https://docs.google.com/forms/d/e/phishing-test/viewform')).toMatchObject({ where: 'block', reason: 'malware' });
    expect(await landing(session, 'https://docs.google.com/document/d/lesson-plan/edit')).toMatchObject({ where: 'site' });
    expect(session.fixture.requestsTo('docs.google.com').some((r) => r.path.includes('phishing-test'))).toBe(false);
  });

  it('admin allowDomains beat a category; admin blockDomains beat never-block and every allow', async () => {
    expect(await landing(session, 'https://www.roblox.com/games')).toMatchObject({ where: 'site' });
    expect(await landing(session, 'https://www.minecraft.net/')).toMatchObject({ where: 'block', reason: 'games' });
    expect(await landing(session, 'https://en.wikipedia.org/wiki/Cat')).toMatchObject({ where: 'block', reason: 'school' });
    expect(await landing(session, 'https://de.wikipedia.org/wiki/Katze')).toMatchObject({ where: 'site' });
    expect(session.fixture.requestsTo('en.wikipedia.org')).toHaveLength(0);
  });

  it('illegal beats an admin allow, at domain and URL level, with a generic page given no address', async () => {
    const domainLevel = await landing(session, 'https://www.illegal-feed.example/');
    expect(domainLevel).toMatchObject({ where: 'block', reason: 'illegal' });
    expect(domainLevel.url).not.toContain('illegal-feed.example');
    const page = await readyPage(session, 'https://claude.ai/share/illegal-test-entry', 'blocked-page');
    expect(classifyLanding(session, page.url()).reason).toBe('illegal');
    expect(await page.$eval('h1', (el) => el.textContent)).toBe('This page cannot be shown');
    expect(await page.$('[data-testid="blocked-url"]')).toBeNull();
    expect(page.url()).not.toContain('illegal-test-entry');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
    expect(session.fixture.requestsTo('www.illegal-feed.example')).toHaveLength(0);
  });

  it('illegal beats a warn "Continue" in the same tab', async () => {
    const page = await readyPage(session, 'https://claude.ai/chat', 'warn-page');
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('[data-testid="warn-continue"]')]);
    expect(page.url()).toBe('https://claude.ai/chat');
    const landed = await session.navigate('https://claude.ai/share/illegal-test-entry', page);
    expect(classifyLanding(session, landed.url)).toMatchObject({ where: 'block', reason: 'illegal' });
    expect(session.fixture.requestsTo('claude.ai').some((r) => r.path.includes('illegal-test-entry'))).toBe(false);
    await page.close();
  });
});

describe('safe search', () => {
  it('adds the safe-search parameter for Google, Bing and DuckDuckGo, once', async () => {
    const cases = [
      ['https://www.google.com/search?q=cats', 'www.google.com', 'safe=active'],
      ['https://www.google.co.uk/search?q=cats&safe=off', 'www.google.co.uk', 'safe=active'],
      ['https://www.bing.com/search?q=cats', 'www.bing.com', 'adlt=strict'],
      ['https://duckduckgo.com/?q=cats', 'duckduckgo.com', 'kp=1'],
    ] as const;
    for (const [url, host, param] of cases) {
      const { page, url: landed } = await session.navigate(url);
      await page.close();
      expect(landed, url).toContain(param);
      // The browser may also fetch /favicon.ico from the host (more often on a busy machine, when the tab
      // stays open longer): not a search, and nothing safe search should touch.
      const seen = session.fixture.requestsTo(host).filter((r) => r.path !== '/favicon.ico');
      expect(seen.length, host).toBeGreaterThan(0);
      expect(seen.filter((r) => !r.path.includes(param)).map((r) => r.path), `${host} only ever saw ${param}`).toEqual([]);
    }
    expect(session.fixture.requestsTo('www.google.co.uk').some((r) => r.path.includes('safe=off'))).toBe(false);
  });

  it('sends YouTube-Restrict (Moderate for secondary) to YouTube', async () => {
    const { page } = await session.navigate('https://www.youtube.com/watch?v=abc');
    await page.close();
    const seen = session.fixture.requestsTo('www.youtube.com');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]!.headers['youtube-restrict']).toBe('Moderate');
  });
});

describe('the log', () => {
  it('records blocks, warnings, navigations and search terms with the DfE envelope, hosts only by default', async () => {
    const types = async (type: string) => queuedEvents(session, type);
    await expect.poll(async () => (await types('block')).some((e) => e.category === 'adult' && e.host === 'www.pornhub.com')).toBe(true);
    await expect.poll(async () => (await types('warn')).some((e) => e.category === 'ai' && e.host === 'claude.ai')).toBe(true);
    await expect.poll(async () => (await types('search')).some((e) => e.engine === 'google' && e.query === 'cats')).toBe(true);
    await expect.poll(async () => (await types('navigation')).some((e) => e.host === 'de.wikipedia.org')).toBe(true);
    const [navigation] = (await types('navigation')).filter((e) => e.host === 'de.wikipedia.org');
    expect(navigation).not.toHaveProperty('url');
    // Nor its title: a title can say more than the address (src/events/page-title.ts).
    expect(navigation).not.toHaveProperty('title');
    expect(navigation).toMatchObject({ role: 'pupil', yearGroup: 'Y7', device: expect.any(Object), user: expect.any(String), time: expect.any(String) });
    const illegal = (await types('block')).filter((e) => e.category === 'illegal');
    expect(illegal.length).toBeGreaterThan(0);
    // Neither the URL nor the host of an illegal-feed entry is ever recorded.
    expect(illegal.map((e) => ({ host: e.host, url: e.url }))).toEqual(illegal.map(() => ({ host: '', url: undefined })));
  });
});

describe('with the service worker stopped', () => {
  it('static, dynamic and safe-search rules all still hold', async () => {
    await session.stopWorker();
    expect(await landing(session, 'https://www.pornhub.com/')).toMatchObject({ where: 'block' });
    expect(await landing(session, 'https://en.wikipedia.org/')).toMatchObject({ where: 'block', reason: 'school' });
    expect(await landing(session, 'https://www.illegal-feed.example/')).toMatchObject({ where: 'block', reason: 'illegal' });
    expect(await landing(session, 'https://claude.ai/')).toMatchObject({ where: 'warn' });
    expect((await landing(session, 'https://www.google.com/search?q=dogs')).url).toContain('safe=active');
  });

  it('a fresh worker re-applies the plan without writing anything', async () => {
    const state = await waitForWorkerState(session, (s) => s.reason === 'wake' && s.appliedAt !== null, { what: 'a fresh apply' });
    expect(state.ruleWrites).toBe(0);
  });
});
