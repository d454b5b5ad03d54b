/**
 * The dashboard in real Chromium. Reports, log events, allowlists and roster
 * rows carrying script-injection strings are stored through the real API;
 * the dashboard must show every one as text, never run any, never turn a
 * `javascript:` address into a link; and an IT Lead can sign in, change a
 * report's status and export CSV.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { reportPath } from '../../src/reports/model';
import { findChrome } from '../e2e/harness/chrome-path';
import { signIn } from './harness/dashboard';
import { blockEvent, overrideRequest, report, searchEvent, TINY_JPEG_BASE64 } from './harness/fixtures';
import { DEVICE_TOKEN, IT_LEAD, jsonPost, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

const SCRIPT_TAG = '<script>window.__pwned=1</script>';
const ATTRIBUTE_BREAKOUT = '"><img src=x onerror=window.__pwned=1>';
const SVG = '<svg onload="window.__pwned=1"></svg>';
const JAVASCRIPT_URL = 'javascript:window.__pwned=1';

const scriptReport = report({ title: SCRIPT_TAG, comment: ATTRIBUTE_BREAKOUT, url: JAVASCRIPT_URL, reason: 'stranger-contact' });
const imageReport = report({
  title: ATTRIBUTE_BREAKOUT,
  // A reason the screenshot rule allows: the endpoint drops a picture sent with any other.
  reason: 'over-blocking',
  comment: SVG,
  url: `https://ok.example/search?q=${ATTRIBUTE_BREAKOUT}`,
  screenshot: { mime: 'image/jpeg', base64: TINY_JPEG_BASE64 },
});
/** The pupil changed their words after sending (the second version is an injection string). */
const rewrittenReport = report({ title: 'Rewritten', reason: 'something-else', comment: 'the first words' });
const sneakyUrlReport = report({ title: 'Sneaky', url: ' JaVaScRiPt:window.__pwned=1', comment: null });
const dataUrlReport = report({ title: 'Data', url: `data:text/html,${SCRIPT_TAG}`, comment: null });
const injectedUser = `${SVG}@school.example`;

let server: TestServer;
let browser: Browser;
let page: Page;
let downloads: string;
const violations: string[] = [];

async function pwned(): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

/** Every anchor's href, as the browser holds it. */
async function hrefs(): Promise<string[]> {
  return page.$$eval('a', (anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
}

async function visit(hash: string, ready: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
  await page.waitForSelector(ready, { timeout: 10_000 });
}

async function expectInert(): Promise<void> {
  expect(await pwned()).toBeUndefined();
  expect(await page.$$('img[src="x"], svg, iframe, object, embed')).toHaveLength(0);
  // Only the bundle's own script element exists.
  expect(await page.$$eval('script', (scripts) => scripts.map((s) => s.getAttribute('src')))).toEqual([expect.stringMatching(/^\/dashboard\/assets\/.+\.js$/)]);
  for (const href of await hrefs()) expect(href.trim()).not.toMatch(/^(javascript|data|vbscript):/i);
}

beforeAll(async () => {
  server = await startTestServer();
  for (const sent of [scriptReport, imageReport, sneakyUrlReport, dataUrlReport, rewrittenReport]) {
    expect((await server.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, sent))).status).toBe(201);
  }
  const rewrite = { reason: 'over-blocking', comment: ATTRIBUTE_BREAKOUT, followUpSecret: rewrittenReport.followUpSecret };
  expect((await server.fetch(reportPath(rewrittenReport.id), jsonPost(DEVICE_TOKEN, rewrite, 'PATCH'))).status).toBe(200);
  const events = [
    searchEvent(SCRIPT_TAG, { user: injectedUser }),
    blockEvent({ user: injectedUser, category: 'extremism', host: ATTRIBUTE_BREAKOUT, url: JAVASCRIPT_URL }),
  ];
  expect((await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events }))).status).toBe(200);
  const lesson = overrideRequest({ reason: SCRIPT_TAG, audience: { yearGroups: [], classes: [ATTRIBUTE_BREAKOUT], pupils: [] } });
  expect((await server.fetch(API_PATHS.overrides, jsonPost(STAFF_TOKEN, lesson))).status).toBe(201);
  const admin = await signIn(server, IT_LEAD);
  expect((await admin.post('/rosters', `"${ATTRIBUTE_BREAKOUT.replaceAll('"', '""')}",pupil@school.example\n`, 'text/csv')).status).toBe(200);

  downloads = mkdtempSync(join(tmpdir(), 'dashboard-downloads-'));
  browser = await puppeteer.launch({
    executablePath: findChrome(),
    headless: true,
    pipe: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--disable-component-update', '--disable-sync', '--disable-background-networking'],
    env: { ...process.env, TMPDIR: downloads },
  });
  const cdp = await browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
  page = await browser.newPage();
  // Runs through the DevTools protocol, not as page script, so the CSP does not apply to it.
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.log(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  page.on('console', (message) => {
    if (message.text().startsWith('CSP violation')) violations.push(message.text());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

describe('the dashboard in Chromium', () => {
  it('sends a visitor without a session to sign-in, and refuses a wrong password', async () => {
    await page.goto(`${server.url}/dashboard/`);
    await page.waitForSelector('[data-testid="login-form"]');
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    await page.type('input[name="username"]', IT_LEAD.username);
    await page.type('input[name="password"]', 'not the password');
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="login-error"]');
    expect(await page.$eval('[data-testid="login-error"]', (el) => el.textContent)).toBe('wrong username or password');
    // The cookie is HttpOnly: page script cannot read it even once signed in.
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });

  it('signs in and shows the queue, urgent first, every injection string as text', async () => {
    await page.$eval('input[name="password"]', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('input[name="password"]', IT_LEAD.password);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    // The overview comes first; its open-reports tile leads to the queue.
    await page.waitForSelector('[data-testid="tile-reports"] a[href="#reports"]');
    await page.click('[data-testid="tile-reports"] a[href="#reports"]');
    await page.waitForSelector('[data-testid="reports"]');
    expect(await page.$eval('[data-testid="signed-in-as"]', (el) => el.textContent)).toBe('itlead (IT Lead)');
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const titles = await page.$$eval('[data-testid="report-open"]', (links) => links.map((a) => a.textContent));
    expect(titles[0]).toBe(SCRIPT_TAG);
    expect(titles).toContain(ATTRIBUTE_BREAKOUT);
    await expectInert();
  });

  it('shows a report with a javascript: address as text, not a link, and the pupil’s words as text', async () => {
    await visit(`report/${scriptReport.id}`, '[data-testid="report-detail"]');
    expect(await page.$eval('[data-testid="report-title"]', (el) => el.textContent)).toBe(SCRIPT_TAG);
    expect(await page.$eval('[data-testid="report-comment"]', (el) => el.textContent)).toBe(ATTRIBUTE_BREAKOUT);
    expect(await page.$eval('[data-testid="report-url"]', (el) => ({ text: el.textContent, links: el.querySelectorAll('a').length }))).toEqual({ text: JAVASCRIPT_URL, links: 0 });
    await expectInert();
    for (const sneaky of [sneakyUrlReport, dataUrlReport]) {
      await visit(`report/${sneaky.id}`, `[data-testid="report-detail"]`);
      await page.waitForFunction((url) => document.querySelector('[data-testid="report-url"]')?.textContent === url, {}, sneaky.url);
      expect(await page.$$('[data-testid="report-url"] a')).toHaveLength(0);
      await expectInert();
    }
  });

  it('links an http(s) address safely and shows the screenshot', async () => {
    await visit(`report/${imageReport.id}`, '[data-testid="screenshot"]');
    const link = await page.$eval('[data-testid="report-url"] a', (a) => ({ href: a.getAttribute('href'), rel: a.getAttribute('rel'), text: a.textContent }));
    expect(link.href).toMatch(/^https:\/\/ok\.example\/search\?q=/);
    expect(link.rel).toBe('noopener noreferrer');
    expect(link.text).toBe(imageReport.url);
    expect(await page.$eval('[data-testid="report-comment"]', (el) => el.textContent)).toBe(SVG);
    await page.waitForFunction(() => (document.querySelector('[data-testid="screenshot"]') as HTMLImageElement).naturalWidth > 0);
    // One version of the words: nothing more to show.
    expect(await page.$('[data-testid="report-versions"]')).toBeNull();
    expect(await page.$('[data-testid="report-words-changed"]')).toBeNull();
    await expectInert();
  });

  it('shows every version of the pupil’s words when they changed, as text, and says so beside the words', async () => {
    await visit(`report/${rewrittenReport.id}`, '[data-testid="report-versions"]');
    expect(await page.$eval('[data-testid="report-comment"]', (el) => el.textContent)).toBe(ATTRIBUTE_BREAKOUT);
    expect(await page.$eval('[data-testid="report-words-changed"]', (el) => el.textContent)).toBe('Changed after sending: 2 versions, all kept below.');
    expect(await page.$$eval('[data-testid="report-version-comment"]', (els) => els.map((el) => el.textContent))).toEqual(['the first words', ATTRIBUTE_BREAKOUT]);
    const versions = await page.$$eval('[data-testid="report-version"]', (els) => els.map((el) => el.textContent ?? ''));
    expect(versions).toHaveLength(2);
    expect(versions[0]).toMatch(/^Version 1, received .+ with the report \(through pupils, from 127\.0\.0\.1; account: Not checked\): reason something else; the first words$/);
    expect(versions[1]).toMatch(/^Version 2, received .+ added afterwards \(through pupils, from 127\.0\.0\.1; account: Not checked\): reason over blocking; /);
    await expectInert();
  });

  it('changes a report’s status with a note, and the trail says who', async () => {
    await visit(`report/${scriptReport.id}`, '[data-testid="status-form"]');
    await page.select('select[name="status"]', 'escalated-to-dsl');
    await page.type('textarea[name="note"]', `Passing to the DSL ${SCRIPT_TAG}`);
    await page.click('[data-testid="status-form"] button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="detail-status"]')?.textContent === 'escalated to dsl');
    const trail = await page.$eval('[data-testid="trail"]', (el) => el.textContent ?? '');
    expect(trail).toContain('itlead');
    expect(trail).toContain(`Passing to the DSL ${SCRIPT_TAG}`);
    const stored = await server.store.reports.get(scriptReport.id);
    expect(stored!.status).toBe('escalated-to-dsl');
    expect(stored!.trail.at(-1)).toMatchObject({ actor: 'itlead', status: 'escalated-to-dsl' });
    await expectInert();
  });

  it('shows log search results and alerts as text, and exports CSV', async () => {
    await visit('logs', '[data-testid="log-results"]');
    const table = await page.$eval('[data-testid="log-results"]', (el) => el.textContent ?? '');
    expect(table).toContain(SCRIPT_TAG);
    expect(table).toContain(ATTRIBUTE_BREAKOUT);
    expect(table).toContain(injectedUser);
    await expectInert();

    await page.click('[data-testid="csv-export"]');
    let file: string | undefined;
    for (let i = 0; i < 100 && !file; i++) {
      file = readdirSync(downloads).find((name) => name.endsWith('.csv'));
      if (!file) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(file).toMatch(/^school-filter-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(join(downloads, file!), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^time,received,type,user,/);
    expect(csv).toContain(SCRIPT_TAG);

    await visit('alerts', '[data-testid="alert-blocks"]');
    expect(await page.$eval('[data-testid="alert-blocks"]', (el) => el.textContent ?? '')).toContain(ATTRIBUTE_BREAKOUT);
    await expectInert();
  });

  it('shows allowlists, rosters and devices with injected text inert', async () => {
    await visit('allowlists', '[data-testid="allowlists"]');
    const audit = await page.$eval('[data-testid="allowlists"]', (el) => el.textContent ?? '');
    expect(audit).toContain(SCRIPT_TAG);
    expect(audit).toContain(ATTRIBUTE_BREAKOUT);
    expect(audit).toContain('token "staff" from 127.0.0.1');
    await expectInert();
    await visit('rosters', 'section[aria-labelledby="rosters-title"] li');
    expect(await page.$eval('section[aria-labelledby="rosters-title"] li strong', (el) => el.textContent)).toBe(ATTRIBUTE_BREAKOUT);
    await expectInert();
    await visit('devices', '[data-testid="devices"]');
    expect(await page.$eval('[data-testid="devices"]', (el) => el.textContent ?? '')).toContain(injectedUser);
    await expectInert();
  });

  it('says when alerts and the log are cut short, marks a clock that ran ahead, and pages to the rest', async () => {
    // Issue 16: a flood dated 9999, received after everything above.
    server.clock.advanceMinutes(1);
    const claimed = '9999-12-31T23:59:59.000Z';
    const flood = Array.from({ length: 201 }, (_, i) => blockEvent({ user: 'decoy@school.example', category: 'extremism', host: `flood${i}.example`, time: claimed }));
    expect((await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events: flood }))).status).toBe(200);

    await visit('alerts', '[data-testid="alert-cut-short-extremism"]');
    const notice = await page.$eval('[data-testid="alert-cut-short-extremism"]', (el) => el.textContent ?? '');
    // 201 fakes and the injected block from the start: 202, of which the newest 200 received are shown.
    expect(notice).toContain('Cut short: showing the newest 200 of 202 received since');
    expect(await page.$eval('[data-testid="alert-blocks-extremism"]', (el) => el.textContent ?? '')).toContain(`device clock ahead: claimed ${claimed}`);
    expect(await page.$$('[data-testid="alert-cut-short-illegal"]')).toHaveLength(0);
    await page.click('[data-testid="alert-cut-short-extremism"] a');
    await page.waitForFunction(
      (text) => window.location.hash.startsWith('#logs?') && (document.querySelector('[data-testid="log-results"]')?.textContent ?? '').includes(text),
      { timeout: 10_000 },
      ATTRIBUTE_BREAKOUT,
    );
    // The rest of the category: the last fake and the block that arrived before the flood.
    expect(await page.$$eval('[data-testid="log-results"] tbody tr', (rows) => rows.length)).toBe(2);
    await expectInert();

    await visit('logs', '[data-testid="log-cut-short"]');
    expect(await page.$eval('[data-testid="log-cut-short"]', (el) => el.textContent ?? '')).toContain('Cut short: more events matched than the 200 shown');
    expect(await page.$eval('[data-testid="log-results"]', (el) => el.textContent ?? '')).not.toContain(SCRIPT_TAG);
    await page.click('[data-testid="log-older"]');
    await page.waitForFunction((text) => (document.querySelector('[data-testid="log-results"]')?.textContent ?? '').includes(text), { timeout: 10_000 }, SCRIPT_TAG);
    expect(await page.$$('[data-testid="log-cut-short"]')).toHaveLength(0);
    await expectInert();

    // The flood named the fixtures' device: its record says a clock ran ahead, and what was claimed.
    await visit('devices', '[data-testid="devices"]');
    expect(await page.$$eval('[data-testid="device-clock"]', (cells) => cells.map((cell) => cell.textContent ?? ''))).toContainEqual(expect.stringContaining(`claimed ${claimed}`));
  });

  it('says when the allowlist audit is cut short', async () => {
    const receipt = { receivedAt: server.clock.now(), clientIp: '127.0.0.1', tokenLabel: 'staff', tokenScope: 'staff' as const };
    for (let i = 0; i < 2000; i++) await server.store.overrides.create(overrideRequest({}, server.clock.now()), receipt);
    await visit('allowlists', '[data-testid="allowlists-cut-short"]');
    expect(await page.$eval('[data-testid="allowlists-cut-short"]', (el) => el.textContent ?? '')).toContain('Cut short: showing the 2,000 allowlists that start latest');
  });

  it('never tripped the CSP: nothing tried to run inline', () => {
    expect(violations).toEqual([]);
  });
});

describe('the dashboard sources', () => {
  it('never render HTML from strings', () => {
    const root = join(import.meta.dirname, '..', '..', 'server', 'dashboard', 'src');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => /\.tsx?$/.test(name));
    expect(files.length).toBeGreaterThan(5);
    for (const name of files) expect(readFileSync(join(root, name), 'utf8'), name).not.toMatch(/dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});
