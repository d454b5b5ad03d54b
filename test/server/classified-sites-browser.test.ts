/**
 * The Classified sites page in real Chromium: with classified stops posted through the device API it is in
 * the navigation, shows each host as text (never a link to the site) with the posted figures, passes axe,
 * and the IT Lead's Confirm puts the site on the block list devices read, the row then linking to the entry
 * whose trail says it came from a classifier review. A DSL is not offered Reject. With nothing posted it
 * says so honestly, and passes axe too.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterEvent } from '../../src/events/model';
import { API_PATHS } from '../../src/events/wire';
import { SCHOOL_LISTS_PATH, type SchoolListsReply } from '../../src/school-lists/model';
import { axeViolations } from '../e2e/harness/axe';
import { decideClassifiedSite, launchDashboardBrowser, openHash, signedInPage } from './harness/dashboard-page';
import { blockEvent, envelope } from './harness/fixtures';
import { bearer, DEVICE_TOKEN, DSL, IT_LEAD, jsonPost, startTestServer, type TestServer } from './harness/server';

// The browser holds the session cookie until the server's clock says it expires: the server runs on today's date.
const NOW = new Date();
const INJECTED_HOST = '"><img src=x onerror=window.__pwned=1>';

const classifiedBlock = (host: string, user: string, score: number): FilterEvent => blockEvent({ category: 'adult', host, user, time: NOW.toISOString(), classifier: { score } });
const classifiedWarn = (host: string, user: string, score: number): FilterEvent => ({ ...envelope({ user, time: NOW.toISOString() }), type: 'warn', category: 'gambling', host, classifier: { score } }) as FilterEvent;

const POSTED = [
  classifiedBlock('looks-adult.example', 'a@school.example', 0.97),
  classifiedBlock('looks-adult.example', 'b@school.example', 0.94),
  classifiedBlock('looks-adult.example', 'b@school.example', 0.92),
  classifiedWarn('looks-like-betting.example', 'c@school.example', 0.66),
  classifiedBlock(INJECTED_HOST, 'a@school.example', 0.9),
  // Listed: not the classifier's.
  blockEvent({ category: 'adult', host: 'listed.example', time: NOW.toISOString() }),
];

let busy: TestServer;
let empty: TestServer;
let browser: Browser;

beforeAll(async () => {
  [busy, empty] = await Promise.all([startTestServer({ start: NOW }), startTestServer({ start: NOW })]);
  expect((await busy.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events: POSTED }))).status).toBe(200);
  browser = await launchDashboardBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await busy?.close();
  await empty?.close();
});

const cells = (page: Page, rowSelector: string) =>
  page.$$eval(rowSelector, (rows) => rows.map((row) => [...row.querySelectorAll('td')].slice(0, 8).map((cell) => (cell.textContent ?? '').trim())));

describe('Classified sites, with data', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signedInPage(browser, busy.url, IT_LEAD);
    await page.click('nav a[href="#classified-sites"]');
    await page.waitForSelector('[data-testid="classified-table"]');
  });

  it('is in the navigation, and lists each classified host as text with the posted figures, undecided and most stops first', async () => {
    expect(await page.$eval('nav a[aria-current="page"]', (a) => a.textContent)).toBe('Classified sites');
    const hosts = await page.$$eval('[data-testid="classified-host"]', (spans) => spans.map((span) => span.textContent));
    // Three stops first; then one each, arrived together, so by host (`"` sorts before `l`).
    expect(hosts).toEqual(['looks-adult.example', INJECTED_HOST, 'looks-like-betting.example']);
    const [adult] = await cells(page, '[data-testid="classified-row"][data-host="looks-adult.example"]');
    expect(adult!.slice(1, 5)).toEqual(['adult', '3', '0', '2']);
    expect(adult![7]).toBe('0.97');
    const [betting] = await cells(page, '[data-testid="classified-row"][data-host="looks-like-betting.example"]');
    expect(betting!.slice(1, 5)).toEqual(['gambling', '0', '1', '1']);
    expect(await page.$eval('[data-testid="classified-summary"]', (p) => p.textContent)).toContain('3 sites stopped by the classifier in the last 30 days');
    expect(await page.content()).not.toContain('listed.example');
  });

  it('never links to a site, and runs nothing a host carries', async () => {
    const hrefs = await page.$$eval('[data-testid="classified-sites"] a', (anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^#/);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.$$('img')).toHaveLength(0);
  });

  it('passes axe-core with no violations', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  it('Confirm puts the site on the block list devices read, and the row links to the entry, whose trail names the classifier review', async () => {
    await decideClassifiedSite(page, 'looks-adult.example', 'confirm', 'Explicit, checked by the IT Lead');
    const reply = (await (await busy.fetch(`${SCHOOL_LISTS_PATH}?role=pupil&yearGroup=Y9`, { headers: bearer(DEVICE_TOKEN) })).json()) as SchoolListsReply;
    expect(reply.lists.filter((list) => list.action === 'block').flatMap((list) => list.domains)).toContain('looks-adult.example');
    expect(await page.$eval('[data-testid="classified-done"]', (p) => p.textContent)).toContain('looks-adult.example is now on the block list');
    // Decided sites follow undecided ones.
    expect(await page.$eval('[data-testid="classified-row"]:last-child', (row) => row.getAttribute('data-host'))).toBe('looks-adult.example');
    await page.click('[data-testid="classified-row"][data-host="looks-adult.example"] [data-testid="school-list-entry-link"]');
    await page.waitForSelector('[data-testid="school-list-change"]');
    const trail = await page.$eval('[data-testid="school-list-change"]', (row) => row.textContent ?? '');
    expect(trail).toContain('Classifier review, confirmed: looked like adult');
    expect(trail).toContain('Explicit, checked by the IT Lead');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows a refusal beside the form: a host that cannot go on a list', async () => {
    const row = `[data-testid="classified-row"][data-host="${INJECTED_HOST.replaceAll('"', '\\"')}"]`;
    await openHash(page, 'classified-sites', row);
    await page.type(`${row} [data-testid="classified-reason"]`, 'Odd one');
    await page.click(`${row} [data-testid="classified-confirm"]`);
    await page.waitForSelector(`${row} [data-testid="classified-problem"]`);
    expect(await page.$eval(`${row} [data-testid="classified-problem"]`, (p) => p.textContent)).toContain('not a host name');
  });
});

describe('Classified sites, for a DSL', () => {
  it('offers Confirm but not Reject', async () => {
    const page = await signedInPage(browser, busy.url, DSL);
    await openHash(page, 'classified-sites', '[data-testid="classified-row"][data-host="looks-like-betting.example"]');
    const row = '[data-testid="classified-row"][data-host="looks-like-betting.example"]';
    expect(await page.$(`${row} [data-testid="classified-confirm"]`)).not.toBeNull();
    expect(await page.$(`${row} [data-testid="classified-reject"]`)).toBeNull();
  });
});

describe('Classified sites, with nothing yet', () => {
  it('says the classifier stopped nothing, and why that may be, and passes axe-core', async () => {
    const page = await signedInPage(browser, empty.url, IT_LEAD);
    await openHash(page, 'classified-sites', '[data-testid="classified-empty"]');
    expect(await page.$eval('[data-testid="classified-empty"]', (p) => p.textContent)).toBe(
      "The classifier stopped no site in the last 30 days: either nothing unlisted looked like a blocked category, or the classifier is off in the policy or not yet on pupils' devices.",
    );
    expect(await page.$('[data-testid="classified-table"]')).toBeNull();
    expect(await axeViolations(page)).toEqual([]);
  });
});
