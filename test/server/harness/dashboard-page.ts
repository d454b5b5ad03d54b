/**
 * Driving the built dashboard in real Chromium as the IT Lead or DSL would:
 * sign in through the page, open a report, and act on its site with the
 * report's own prefilled forms (one click each). Shared by the dashboard's
 * browser test and the end-to-end test with a pupil's real device.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { findChrome } from '../../e2e/harness/chrome-path';

export async function launchDashboardBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: findChrome(),
    headless: true,
    pipe: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--disable-component-update', '--disable-sync', '--disable-background-networking'],
  });
}

/** A page signed in to the dashboard at `baseUrl` through its sign-in form, in its own browser context (its own cookies). */
export async function signedInPage(browser: Browser, baseUrl: string, user: { username: string; password: string }): Promise<Page> {
  const page = await (await browser.createBrowserContext()).newPage();
  await page.goto(`${baseUrl}/dashboard/`);
  await page.waitForSelector('[data-testid="login-form"]');
  await page.type('input[name="username"]', user.username);
  await page.type('input[name="password"]', user.password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  await page.waitForSelector('[data-testid="signed-in-as"]');
  return page;
}

export async function openHash(page: Page, hash: string, ready: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
  await page.waitForSelector(ready, { timeout: 10_000 });
}

/**
 * On a report's page, the one click: "Block this site for pupils" (`report-block`) or
 * "Allow this site for ..." (`report-allow`), as prefilled. Waits for the report's trail to name the entry.
 */
export async function actFromReport(page: Page, reportId: string, form: 'report-block' | 'report-allow'): Promise<void> {
  await openHash(page, `report/${reportId}`, `[data-testid="${form}-submit"]`);
  await page.click(`[data-testid="${form}-submit"]`);
  await page.waitForSelector('[data-testid="trail-school-list-entry"]', { timeout: 10_000 });
}

/**
 * On the Classified sites page, the IT Lead's decision on one host the classifier stopped: the reason typed
 * in its row, then Confirm (the school's block list) or Reject (its allow list). Waits for the row to show
 * the entry that decided it.
 */
export async function decideClassifiedSite(page: Page, host: string, decision: 'confirm' | 'reject', reason: string): Promise<void> {
  const row = `[data-testid="classified-row"][data-host="${host}"]`;
  await openHash(page, 'classified-sites', row);
  await page.type(`${row} [data-testid="classified-reason"]`, reason);
  await page.click(`${row} [data-testid="classified-${decision}"]`);
  await page.waitForSelector(`${row}[data-state="${decision === 'confirm' ? 'confirmed' : 'rejected'}"] [data-testid="classified-decided"]`, { timeout: 10_000 });
}
