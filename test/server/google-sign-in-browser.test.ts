/**
 * Dashboard sign-in with Google in real Chromium, against the loopback stand-in provider on another site
 * (localhost, while the endpoint is 127.0.0.1, so the cookies' SameSite rules are those of a real sign-in
 * through accounts.google.com): an IT Lead clicks "Sign in with Google" and lands on the view the link
 * named, signed in as IT Lead; an account outside the school's domain is refused with the page's message.
 */
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../e2e/harness/axe';
import { launchDashboardBrowser } from './harness/dashboard-page';
import { startGoogleServer } from './harness/google-sign-in';
import { startStandInProvider, type StandInProvider } from './harness/oidc-provider';
import type { TestServer } from './harness/server';

let provider: StandInProvider;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  provider = await startStandInProvider({ host: 'localhost' });
  server = await startGoogleServer(provider);
  browser = await launchDashboardBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await provider?.close();
});

async function clickGoogle(hash: string) {
  const page = await (await browser.createBrowserContext()).newPage();
  await page.goto(`${server.url}/dashboard/${hash}`);
  // No session: the dashboard sends the visitor to sign-in, keeping the hash.
  await page.waitForSelector('[data-testid="google-sign-in"]');
  expect(await page.$eval('[data-testid="google-sign-in"]', (link) => link.textContent)).toBe('Sign in with Google');
  // The password form stays, for break-glass access.
  expect(await page.$('[data-testid="login-form"] input[name="password"]')).not.toBeNull();
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="google-sign-in"]')]);
  return page;
}

describe('Sign in with Google, in Chromium', () => {
  it('signs an IT Lead in and lands on the view the link named', async () => {
    provider.account = { email: 'it.lead@school.example', hd: 'school.example', email_verified: true };
    const page = await clickGoogle('#reports');
    await page.waitForSelector('[data-testid="signed-in-as"]', { timeout: 10_000 });
    expect(await page.$eval('[data-testid="signed-in-as"]', (el) => el.textContent)).toBe('it.lead@school.example (IT Lead)');
    const url = new URL(page.url());
    expect(`${url.pathname}${url.hash}`).toBe('/dashboard/#reports');
    // The session cookie is HttpOnly; the flow cookie is gone.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const cookies = await page.browserContext().cookies();
    expect(cookies.map((cookie) => cookie.name)).toEqual(['school_filter_session']);
    await page.browserContext().close();
  });

  it('refuses an account outside the school’s domain, with the message on the sign-in page', async () => {
    provider.account = { email: 'someone@gmail.com', email_verified: true };
    const page = await clickGoogle('#reports');
    await page.waitForSelector('[data-testid="login-error"]', { timeout: 10_000 });
    expect(await page.$eval('[data-testid="login-error"]', (el) => el.textContent)).toBe('Only the school’s Google accounts can sign in here. Sign in with your school account.');
    expect(await page.$eval('[data-testid="login-error"]', (el) => el.getAttribute('role'))).toBe('alert');
    const url = new URL(page.url());
    expect(url.pathname).toBe('/dashboard/login');
    // Still on the way to the same view, for the next try.
    expect(url.hash).toBe('#reports');
    expect(await page.browserContext().cookies()).toEqual([]);
    // The sign-in page, with its refusal, both ways to sign in and the password form, passes axe-core.
    expect(await axeViolations(page)).toEqual([]);
    await page.browserContext().close();
  });
});
