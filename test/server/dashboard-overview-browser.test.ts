/**
 * The overview in real Chromium, the first view after sign-in: with events and reports posted
 * through the device API it shows the posted numbers in its summaries, tables and tiles, links each
 * category and site to log search (never to the site), shows a device's host as text, and passes
 * axe-core; on an endpoint with nothing yet it shows empty states, not broken charts, and passes too.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterEvent } from '../../src/events/model';
import { API_PATHS } from '../../src/events/wire';
import { axeViolations } from '../e2e/harness/axe';
import { launchDashboardBrowser, signedInPage } from './harness/dashboard-page';
import { blockEvent, envelope, heartbeatEvent, report } from './harness/fixtures';
import { DEVICE_TOKEN, IT_LEAD, jsonPost, startTestServer, type TestServer } from './harness/server';

// The browser holds the session cookie until the server's clock says it expires, so the server runs on
// today's date here; UTC days keep "today" and "yesterday" simple (test/server/overview.test.ts covers
// London's days). Yesterday's records arrive at noon yesterday, whatever time the test runs.
const NOW = new Date();
const TODAY = NOW.toISOString().slice(0, 10);
const YESTERDAY = new Date(Date.parse(`${TODAY}T00:00:00.000Z`) - 12 * 3_600_000).toISOString();
const INJECTED_HOST = '"><img src=x onerror=window.__pwned=1>';

const warn = (category: 'social', host: string, time: string): FilterEvent => ({ ...envelope({ time }), type: 'warn', category, host });
const blocks = (category: Extract<FilterEvent, { type: 'block' }>['category'], host: string, times: number, time: string) =>
  Array.from({ length: times }, () => blockEvent({ category, host, time }));

/** What is posted, and so what the page must show. */
const TODAY_EVENTS = [...blocks('gambling', 'bet.example', 3, NOW.toISOString()), ...blocks('games', INJECTED_HOST, 1, NOW.toISOString()), ...blocks('illegal', 'secret.example', 1, NOW.toISOString()), warn('social', 'chat.example', NOW.toISOString()), warn('social', 'chat.example', NOW.toISOString())];
const YESTERDAY_EVENTS = blocks('adult', 'adult.example', 1, YESTERDAY);
const URGENT_TODAY = report({ reason: 'unkind-to-me', time: NOW.toISOString() });
const CALM_YESTERDAY = report({ reason: 'over-blocking', time: YESTERDAY });

let busy: TestServer;
let empty: TestServer;
let browser: Browser;

async function post(server: TestServer, path: string, body: unknown, at: string): Promise<void> {
  server.clock.set(new Date(at));
  const response = await server.fetch(path, jsonPost(DEVICE_TOKEN, body));
  expect(response.ok).toBe(true);
}

beforeAll(async () => {
  [busy, empty] = await Promise.all([startTestServer({ start: NOW, config: { timeZone: 'UTC' } }), startTestServer({ start: NOW, config: { timeZone: 'UTC' } })]);
  await post(busy, API_PATHS.events, { events: YESTERDAY_EVENTS }, YESTERDAY);
  await post(busy, API_PATHS.reports, CALM_YESTERDAY, YESTERDAY);
  await post(busy, API_PATHS.events, { events: [...TODAY_EVENTS, heartbeatEvent({ time: NOW.toISOString() })] }, NOW.toISOString());
  await post(busy, API_PATHS.reports, URGENT_TODAY, NOW.toISOString());
  browser = await launchDashboardBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await busy?.close();
  await empty?.close();
});

const texts = (page: Page, selector: string) => page.$$eval(selector, (nodes) => nodes.map((node) => (node.textContent ?? '').trim()));
const cells = (page: Page, rowSelector: string) => page.$$eval(rowSelector, (rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())));

describe('the overview, with data', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signedInPage(browser, busy.url, IT_LEAD);
    await page.waitForSelector('[data-testid="overview"]');
  });

  it('is the first view after sign-in, first in the navigation', async () => {
    expect(await page.$eval('nav a[aria-current="page"]', (a) => a.textContent)).toBe('Overview');
    expect((await texts(page, 'nav a'))[0]).toBe('Overview');
  });

  it('says in words, and in the table of days, what was posted', async () => {
    const blockCount = TODAY_EVENTS.filter((e) => e.type === 'block').length + YESTERDAY_EVENTS.length;
    const warnCount = TODAY_EVENTS.filter((e) => e.type === 'warn').length;
    const summary = await page.$eval('[data-testid="per-day-summary"]', (p) => p.textContent);
    // Alerts opened: today the illegal block and the gambling blocks (one pupil: one alert), yesterday the adult block.
    expect(summary).toContain(`${blockCount} blocks, ${warnCount} warnings and 2 reports received; 3 safeguarding alerts opened.`);
    expect(await page.$('svg[data-testid="day-chart"][role="img"]')).not.toBeNull();
    await page.click('[data-testid="per-day"] details summary');
    const rows = await cells(page, '[data-testid="per-day-row"]');
    expect(rows).toHaveLength(14);
    const [todayLabel, ...todayCounts] = rows.at(-1)!;
    const [yesterdayLabel, ...yesterdayCounts] = rows.at(-2)!;
    expect(todayLabel).toContain(String(NOW.getUTCDate()));
    expect(yesterdayLabel).toContain(String(new Date(YESTERDAY).getUTCDate()));
    expect(todayCounts).toEqual([String(blockCount - YESTERDAY_EVENTS.length), String(warnCount), '1', '2']);
    expect(yesterdayCounts).toEqual([String(YESTERDAY_EVENTS.length), '0', '1', '1']);
    expect(summary).toContain(`Most blocks in a day: ${blockCount - YESTERDAY_EVENTS.length}, on ${todayLabel}.`);
    expect(rows.slice(0, -2).every((row) => row.slice(1).every((n) => n === '0'))).toBe(true);
  });

  it('lists the categories and sites blocked most, the illegal feed’s without a site, hosts as text', async () => {
    expect(await cells(page, '[data-testid="categories-table-row"]')).toEqual([
      ['gambling', '3', ''],
      ['adult', '1', ''],
      ['games', '1', ''],
      ['illegal', '1', ''],
    ]);
    expect(await cells(page, '[data-testid="sites-table-row"]')).toEqual([
      ['bet.example', '3', ''],
      [INJECTED_HOST, '1', ''],
      ['adult.example', '1', ''],
      ['no address recorded (illegal-feed blocks never record one)', '1', ''],
    ]);
    // Three named sites (bet.example, the injected host, adult.example) and the illegal block without one.
    expect(await page.$eval('[data-testid="sites-summary"]', (p) => p.textContent)).toBe('Blocks on 3 sites, and 1 block with no address recorded; most on bet.example (3).');
    expect(await page.$eval('[data-testid="categories-summary"]', (p) => p.textContent)).toBe('6 blocks in 4 categories; most in gambling (3).');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.$$('img')).toHaveLength(0);
    // Every link on the overview stays inside the dashboard: none opens a site.
    const hrefs = await page.$$eval('[data-testid="overview"] a', (anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^#/);
    expect(await page.content()).not.toContain('secret.example');
  });

  it('shows open reports, urgent first, and devices gone silent, each linking where the person acts', async () => {
    expect(await page.$eval('[data-testid="tile-reports-total"]', (p) => p.textContent)).toBe('2');
    expect(await page.$eval('[data-testid="tile-reports-urgent"]', (p) => p.textContent)).toBe('1 urgent');
    expect(await page.$eval('[data-testid="tile-devices-silent"]', (p) => p.textContent)).toBe('0');
    // Open safeguarding alerts by severity: illegal critical; three gambling blocks in ten minutes, a repeat one step
    // up from low; one adult block low.
    expect(await page.$eval('[data-testid="tile-alerts-total"]', (p) => p.textContent)).toBe('3');
    expect(await texts(page, '[data-testid="tile-alerts-severity"]')).toEqual(['critical: 1', 'medium: 1', 'low: 1']);
    expect(await page.$eval('[data-testid="tile-alerts"] a', (a) => a.getAttribute('href'))).toBe('#alerts');
    expect(await page.$eval('[data-testid="tile-devices"] a', (a) => a.getAttribute('href'))).toBe('#devices');
  });

  it('passes axe-core with no violations, the table of days open', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  it('opens log search at a category’s blocks, and at a site’s', async () => {
    await page.click('[data-testid="categories-table-row"] a');
    await page.waitForSelector('[data-testid="log-results"]');
    expect(await page.$eval('select[name="category"]', (s) => (s as HTMLSelectElement).value)).toBe('gambling');
    expect(await page.$$('[data-testid="log-results"] tbody tr')).toHaveLength(3);
    await page.evaluate(() => (window.location.hash = ''));
    await page.waitForSelector('[data-testid="sites-table-row"] a');
    await page.click('[data-testid="sites-table-row"] a');
    await page.waitForSelector('[data-testid="log-results"]');
    expect(await page.$eval('input[name="host"]', (i) => (i as HTMLInputElement).value)).toBe('bet.example');
    expect(await page.$$('[data-testid="log-results"] tbody tr')).toHaveLength(3);
  });
});

describe('the overview, with nothing yet', () => {
  it('shows empty states instead of charts, and passes axe-core', async () => {
    const page = await signedInPage(browser, empty.url, IT_LEAD);
    await page.waitForSelector('[data-testid="overview"]');
    expect(await page.$eval('[data-testid="per-day-summary"]', (p) => p.textContent)).toBe('Nothing was blocked, warned, reported or alerted in the last 14 days.');
    expect(await page.$eval('[data-testid="categories-summary"]', (p) => p.textContent)).toBe('No blocks in the last 14 days.');
    expect(await page.$eval('[data-testid="sites-summary"]', (p) => p.textContent)).toBe('No blocks in the last 14 days.');
    expect(await page.$$('svg.chart, [data-testid="categories-table"], [data-testid="sites-table"]')).toHaveLength(0);
    expect(await page.$eval('[data-testid="tile-reports-total"]', (p) => p.textContent)).toBe('0');
    expect(await page.$eval('[data-testid="tile-devices"]', (s) => s.textContent)).toContain('No device has sent anything yet.');
    expect(await axeViolations(page)).toEqual([]);
  });
});
