/**
 * An alert email's link names a view in the URL hash (`/dashboard/#safeguarding-alert/<id>`). A reader who is signed out
 * must land on that view after signing in, not on the reports queue: in real Chromium, through the sign-in form.
 */
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchDashboardBrowser } from './harness/dashboard-page';
import { DSL, startTestServer, type TestServer } from './harness/server';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ realClock: true });
  browser = await launchDashboardBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a link into the dashboard', () => {
  it('keeps its view through the sign-in page', async () => {
    const page = await (await browser.createBrowserContext()).newPage();
    await page.goto(`${server.url}/dashboard/#devices`);
    await page.waitForSelector('[data-testid="login-form"]');
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    await page.type('input[name="username"]', DSL.username);
    await page.type('input[name="password"]', DSL.password);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    await page.waitForSelector('[data-testid="signed-in-as"]');
    const url = new URL(page.url());
    expect(`${url.pathname}${url.hash}`).toBe('/dashboard/#devices');
    expect(await page.$eval('nav[aria-label="Sections"] a[aria-current="page"]', (link) => link.textContent)).toBe('Devices');
  });
});
