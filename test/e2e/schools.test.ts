/**
 * Issue 22, schools within a trust: a school's IT Lead cannot see another school's reports. Two schools' pupils
 * (the extension in real Chromium, its policy carrying each school's device token in turn) report a page each to
 * the real endpoint; North's IT Lead signs in to the dashboard in a browser of their own and finds North's report
 * alone, and South's report id asked of the API is answered 404; the trust's DSL finds both, each naming its
 * school. Once on SQLite (the endpoint in-process, harness/endpoint.ts) and once on PostgreSQL (a real endpoint
 * process, harness/endpoint-processes.ts).
 */
import type { BrowserContext, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NORTH, NORTH_IT_LEAD, SOUTH, TRUST_DSL, TRUST_TOKENS, trustConfig } from '../server/harness/trust';
import { changePolicy, type ExtensionSession, launchWithExtension, openPopup, signInForTest, startEndpoint, tabIdOf, waitForWorkerState } from './harness';
import { startEndpointProcesses } from './harness/endpoint-processes';

const NORTH_PUPIL = 'ada.lovelace@pupils.north.example';
const SOUTH_PUPIL = 'alan.turing@pupils.south.example';

interface Endpoint {
  url: string;
  close(): Promise<void>;
}

const ENGINES: [string, () => Promise<Endpoint>][] = [
  [
    'SQLite',
    async () => {
      const endpoint = await startEndpoint({ config: await trustConfig() });
      return { url: endpoint.url, close: () => endpoint.close() };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const endpoints = await startEndpointProcesses(1, await trustConfig());
      return { url: endpoints.processes[0]!.url, close: () => endpoints.close() };
    },
  ],
];

const pupilPolicy = (url: string, school: typeof NORTH, token: string) => ({ schoolName: school.name, role: 'pupil', yearGroup: 'Y8', endpoint: { url, token } });

/** The pupil reports the page at `url` in one click from the popup; the report's id once the endpoint has it. */
async function reportPage(session: ExtensionSession, url: string): Promise<string> {
  const { page } = await session.navigate(url);
  const popup = await openPopup(session, await tabIdOf(session, page.url()));
  await popup.click('[data-testid="report-send"]');
  const status = await popup.waitForSelector('[data-testid="report-status"][data-delivery="sent"]', { timeout: 30_000 });
  const id = await status!.evaluate((el) => el.getAttribute('data-report-id')!);
  await popup.close();
  await page.close();
  return id;
}

/** Signs in to the dashboard as a member of staff would, in a browser context of their own. */
async function signInToDashboard(context: BrowserContext, url: string, user: { username: string; password: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/dashboard/`);
  await page.waitForSelector('[data-testid="login-form"]', { timeout: 20_000 });
  await page.type('input[name="username"]', user.username);
  await page.type('input[name="password"]', user.password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  await page.waitForSelector('[data-testid="signed-in-as"]', { timeout: 20_000 });
  return page;
}

/** The report ids the reports queue shows, read off its links. */
async function queueIds(page: Page): Promise<string[]> {
  await page.evaluate(() => (window.location.hash = '#reports'));
  await page.waitForSelector('[data-testid="reports"]', { timeout: 20_000 });
  return page.$$eval('[data-testid="report-open"]', (links) => links.map((link) => decodeURIComponent(link.getAttribute('href')!.replace('#report/', ''))));
}

/** What the dashboard API answers this signed-in page for one report. */
async function reportStatus(page: Page, id: string): Promise<number> {
  return page.evaluate(async (reportId: string) => (await fetch(`/dashboard/api/reports/${reportId}`)).status, id);
}

describe.each(ENGINES)('a school’s IT Lead cannot see another school’s reports (%s)', (_engine, start) => {
  let endpoint: Endpoint;
  let session: ExtensionSession;
  let staff: BrowserContext[] = [];
  let northReport: string;
  let southReport: string;

  beforeAll(async () => {
    endpoint = await start();
    session = await launchWithExtension({ policy: { extension: pupilPolicy(endpoint.url, NORTH, TRUST_TOKENS.northPupils) } });
    await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y8', { what: 'the Y8 profile' });
    await signInForTest(session, NORTH_PUPIL);
  }, 180_000);

  afterAll(async () => {
    for (const context of staff) await context.close();
    staff = [];
    await session?.close();
    await endpoint?.close();
  });

  it('each school’s pupil reports a page with their school’s device token', async () => {
    northReport = await reportPage(session, 'https://forum.example.org/north-worry');
    await changePolicy(session, pupilPolicy(endpoint.url, SOUTH, TRUST_TOKENS.southPupils), () => true, 'the South policy');
    await signInForTest(session, SOUTH_PUPIL);
    southReport = await reportPage(session, 'https://forum.example.org/south-worry');
    expect(northReport).not.toBe(southReport);
  });

  it('North’s IT Lead sees North’s report only, and South’s report id is not found', async () => {
    const context = await session.browser.createBrowserContext();
    staff.push(context);
    const page = await signInToDashboard(context, endpoint.url, NORTH_IT_LEAD);
    expect(await page.$eval('[data-testid="signed-in-as"]', (el) => el.textContent)).toContain(NORTH.name);
    expect(await queueIds(page)).toEqual([northReport]);
    // A trust user's school column and filter are not for a school's staff.
    expect(await page.$('[data-testid="school-filter"]')).toBeNull();
    expect(await reportStatus(page, southReport)).toBe(404);
    expect(await reportStatus(page, northReport)).toBe(200);
    // A roster upload is North's: no school to choose.
    await page.evaluate(() => (window.location.hash = '#rosters'));
    await page.waitForSelector('#rosters-title', { timeout: 10_000 });
    expect(await page.$('[data-testid="roster-school"]')).toBeNull();
  });

  it('the trust’s DSL sees both, each naming its school, and filters by school', async () => {
    const context = await session.browser.createBrowserContext();
    staff.push(context);
    const page = await signInToDashboard(context, endpoint.url, TRUST_DSL);
    expect((await queueIds(page)).sort()).toEqual([northReport, southReport].sort());
    const schools = await page.$$eval('[data-testid="report-row"]', (rows) =>
      rows.map((row) => [decodeURIComponent(row.querySelector('[data-testid="report-open"]')!.getAttribute('href')!.replace('#report/', '')), row.querySelector('[data-testid="record-school"]')?.textContent]),
    );
    expect(Object.fromEntries(schools)).toEqual({ [northReport]: NORTH.name, [southReport]: SOUTH.name });
    await page.select('[data-testid="school-filter"]', SOUTH.id);
    await page.waitForFunction((id: string) => [...document.querySelectorAll('[data-testid="report-open"]')].map((link) => link.getAttribute('href')).join() === `#report/${id}`, { timeout: 10_000 }, southReport);
    expect(await reportStatus(page, southReport)).toBe(200);
    // What the trust's DSL uploads or lists is for a school they choose (or, for a list entry, the whole trust).
    await page.evaluate(() => (window.location.hash = '#rosters'));
    const choices = await page.waitForSelector('[data-testid="roster-school"]', { timeout: 10_000 });
    expect(await choices!.$$eval('option', (options) => options.map((option) => option.textContent))).toEqual(['Choose a school', NORTH.name, SOUTH.name]);
    // The overview counts every school's reports, or one school's when filtered.
    await page.evaluate(() => (window.location.hash = '#overview'));
    const openReports = () => page.$eval('[data-testid="tile-reports-total"]', (el) => el.textContent);
    await page.waitForFunction(() => document.querySelector('[data-testid="tile-reports-total"]')?.textContent === '2', { timeout: 10_000 });
    await page.select('[data-testid="school-filter"]', NORTH.id);
    await page.waitForFunction(() => document.querySelector('[data-testid="tile-reports-total"]')?.textContent === '1', { timeout: 10_000 });
    expect(await openReports()).toBe('1');
  });
});
