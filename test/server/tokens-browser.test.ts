/**
 * The Tokens page in real Chromium, as the IT Lead uses it: the labels and their tokens, a rotation that
 * shows the new token once with the policy to paste (and the token works), "retire now" for the old one,
 * the trail; the page passes axe-core before and after. The DSL is not offered the page.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { axeViolations } from '../e2e/harness/axe';
import { launchDashboardBrowser, openHash, signedInPage } from './harness/dashboard-page';
import { batchOf } from './harness/fixtures';
import { DEVICE_TOKEN, DSL, IT_LEAD, jsonPost, startTestServer, type TestServer } from './harness/server';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // Today's date: the browser keeps the session cookie only while the server's clock says it is live.
  server = await startTestServer({ start: new Date() });
  browser = await launchDashboardBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const upload = (token: string) => server.fetch(API_PATHS.events, jsonPost(token, batchOf(1)));
const rows = (page: Page) => page.$$eval('[data-testid="tokens"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 7).map((td) => (td.textContent ?? '').trim())));

describe('the Tokens page', () => {
  it('rotates a label: the new token shown once with its policy, the old one retired now; axe passes throughout', async () => {
    const page = await signedInPage(browser, server.url, IT_LEAD);
    await openHash(page, 'tokens', '[data-testid="tokens"]');
    expect(await axeViolations(page)).toEqual([]);
    expect((await rows(page)).map((row) => [row[0], row[1], row[3], row[6]])).toEqual([
      ['pupils', 'device', 'config file', 'in use'],
      ['pupils-site-b', 'device', 'config file', 'in use'],
      ['staff', 'staff', 'config file', 'in use'],
    ]);

    await page.select('select', 'pupils');
    const grace = await page.$('input[type="number"]');
    await grace!.click({ clickCount: 3 });
    await grace!.type('2');
    await page.click('form button[type="submit"]');
    await page.waitForSelector('[data-testid="new-token"]');
    const token = await page.$eval('[data-testid="new-token"]', (code) => code.textContent ?? '');
    const policy = JSON.parse(await page.$eval('[data-testid="policy-json"]', (pre) => pre.textContent ?? '')) as { endpoint: { url: string; token: string } };
    expect(policy.endpoint).toEqual({ url: server.url, token });
    expect((await upload(token)).status).toBe(200);
    expect((await upload(DEVICE_TOKEN)).status).toBe(200);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="tokens"] tbody tr').length === 4);
    const pupils = (await rows(page)).filter((row) => row[0] === 'pupils');
    expect(pupils.map((row) => [row[3], row[6]])).toEqual([
      ['config file', 'retiring'],
      ['rotation by itlead (dashboard)', 'in use'],
    ]);
    expect(await axeViolations(page)).toEqual([]);

    await page.click('xpath///button[contains(., \'Retire old "pupils" tokens now\')]');
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent?.includes('Retired 1 old token(s) of "pupils" now'));
    expect((await upload(DEVICE_TOKEN)).status).toBe(401);
    expect((await upload(token)).status).toBe(200);
    await page.waitForSelector('[data-testid="token-trail"] li:nth-child(2)');
    const trail = await page.$$eval('[data-testid="token-trail"] li', (items) => items.map((li) => li.textContent ?? ''));
    expect(trail[0]).toContain('itlead (dashboard), "pupils" old tokens retired now');
    expect(trail[1]).toContain('itlead (dashboard), "pupils" rotated');
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it('is not offered to the DSL', async () => {
    const page = await signedInPage(browser, server.url, DSL);
    const sections = await page.$$eval('nav a', (links) => links.map((a) => a.textContent));
    expect(sections).not.toContain('Tokens');
    expect(sections).toContain('Reports');
  });
});
