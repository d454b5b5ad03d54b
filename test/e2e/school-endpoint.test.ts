/**
 * The whole chain an IT Lead relies on: a pupil's extension in real Chromium
 * delivers its log and a report to the real school endpoint (SQLite on
 * loopback); the IT Lead, in another browser context, signs in to the
 * dashboard, finds both, moves the report on with a note, and exports the log
 * as CSV.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadResult } from '../../src/background/uploader';
import {
  type E2eEndpoint,
  type ExtensionSession,
  IT_LEAD,
  landing,
  launchWithExtension,
  openPopup,
  startEndpoint,
  tabIdOf,
  waitForWorkerState,
} from './harness';

let endpoint: E2eEndpoint;
let pupil: ExtensionSession;
let itLead: BrowserContext;
let dashboard: Page;
let downloads: string;
let reportId: string;

const REPORTED_URL = 'https://chat.example.net/room/42';

async function visit(hash: string, ready: string): Promise<void> {
  await dashboard.evaluate((h) => (window.location.hash = h), hash);
  await dashboard.waitForSelector(ready, { timeout: 10_000 });
}

beforeAll(async () => {
  // This school chooses to be alerted to adult blocks too.
  endpoint = await startEndpoint({ config: { alertCategories: ['illegal', 'self-harm', 'extremism', 'adult'] } });
  pupil = await launchWithExtension({
    policy: { extension: { schoolName: 'Harness Academy', role: 'pupil', yearGroup: 'Y8', endpoint: endpoint.policyValue(), logging: { detail: 'full' } } },
  });
  await waitForWorkerState(pupil, (s) => s.profile?.yearGroup === 'Y8' && s.dynamicRuleCount > 0, { what: 'the Y8 profile' });

  downloads = mkdtempSync(join(tmpdir(), 'dashboard-csv-'));
  // The IT Lead's own session: a separate browser context (no extension, no shared cookies).
  itLead = await pupil.browser.createBrowserContext();
  const cdp = await pupil.browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, browserContextId: itLead.id });
  dashboard = await itLead.newPage();
}, 120_000);

afterAll(async () => {
  await itLead?.close();
  await pupil?.close();
  await endpoint?.close();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

describe('from the pupil’s browser to the IT Lead’s dashboard', () => {
  it('the extension delivers a search, a block and a report to the endpoint', async () => {
    const tab = (await pupil.navigate('https://www.google.com/search?q=how+to+make+friends+at+secondary+school')).page;
    await tab.close();
    expect(await landing(pupil, 'https://www.pornhub.com/watch?v=1')).toMatchObject({ where: 'block', reason: 'adult' });

    const { page } = await pupil.navigate(REPORTED_URL);
    const popup = await openPopup(pupil, await tabIdOf(pupil, page.url()));
    await popup.click('[data-testid="report-send"]');
    const status = await popup.waitForSelector('[data-testid="report-status"][data-delivery="sent"]', { timeout: 20_000 });
    reportId = (await status!.evaluate((el) => el.getAttribute('data-report-id')))!;
    await popup.click('[data-testid="report-reason-stranger-contact"]');
    await popup.type('[data-testid="report-comment"]', 'They keep asking for my address');
    await popup.click('[data-testid="report-follow-up-submit"]');
    await popup.waitForFunction(() => !document.querySelector('[data-testid="report-follow-up"]'));

    await expect
      .poll(async () => {
        await pupil.evaluateInWorker(() => (globalThis as unknown as { schoolFilter: { uploadNow(): Promise<UploadResult> } }).schoolFilter.uploadNow());
        const types = new Set(endpoint.storedEvents().map((e) => e.type));
        const report = endpoint.rows<{ reason: string | null }>('SELECT reason FROM reports WHERE id = ?', reportId)[0];
        return types.has('search') && types.has('block') && types.has('report') && report?.reason === 'stranger-contact';
      }, { timeout: 60_000, interval: 500 })
      .toBe(true);
  });

  it('the IT Lead signs in and finds the report first in the queue, urgent, with the pupil’s words', async () => {
    await dashboard.goto(`${endpoint.url}/dashboard/`);
    await dashboard.waitForSelector('[data-testid="login-form"]');
    await dashboard.type('input[name="username"]', IT_LEAD.username);
    await dashboard.type('input[name="password"]', IT_LEAD.password);
    await Promise.all([dashboard.waitForNavigation(), dashboard.click('button[type="submit"]')]);
    // The overview comes first; its open-reports tile leads to the queue.
    await dashboard.waitForSelector('[data-testid="tile-reports"] a[href="#reports"]');
    await dashboard.click('[data-testid="tile-reports"] a[href="#reports"]');
    await dashboard.waitForSelector('[data-testid="reports"]');

    const firstRow = await dashboard.$eval('[data-testid="report-row"]', (row) => ({ urgent: row.classList.contains('urgent'), text: row.textContent ?? '' }));
    expect(firstRow.urgent).toBe(true);
    expect(firstRow.text).toContain('fixture chat.example.net/room/42');

    await visit(`report/${reportId}`, '[data-testid="report-detail"]');
    expect(await dashboard.$eval('[data-testid="report-url"]', (el) => el.textContent)).toBe(REPORTED_URL);
    expect(await dashboard.$eval('[data-testid="report-comment"]', (el) => el.textContent)).toBe('They keep asking for my address');
  });

  it('changes the report’s status with a note; the endpoint records who and when', async () => {
    await dashboard.select('select[name="status"]', 'escalated-to-dsl');
    await dashboard.type('textarea[name="note"]', 'Passed to the DSL; parents to be called');
    await dashboard.click('[data-testid="status-form"] button[type="submit"]');
    await dashboard.waitForFunction(() => document.querySelector('[data-testid="detail-status"]')?.textContent === 'escalated to dsl');
    expect(await dashboard.$eval('[data-testid="trail"]', (el) => el.textContent ?? '')).toContain(IT_LEAD.username);
    const stored = endpoint.rows<{ status: string }>('SELECT status FROM reports WHERE id = ?', reportId)[0];
    expect(stored?.status).toBe('escalated-to-dsl');
    const trail = endpoint.rows<{ actor: string; status: string | null; note: string | null }>(
      'SELECT actor, status, note FROM report_trail WHERE report_id = ? ORDER BY seq',
      reportId,
    );
    expect(trail.at(-1)).toMatchObject({ actor: IT_LEAD.username, status: 'escalated-to-dsl', note: 'Passed to the DSL; parents to be called' });
  });

  it('shows the adult block as an alert and in the log, and exports the log as CSV with the search term', async () => {
    await visit('alerts', '[data-testid="alert-blocks"]');
    expect(await dashboard.$eval('[data-testid="alert-blocks"]', (el) => el.textContent ?? '')).toContain('www.pornhub.com');

    await visit('logs', '[data-testid="log-results"]');
    const log = await dashboard.$eval('[data-testid="log-results"]', (el) => el.textContent ?? '');
    expect(log).toContain('how to make friends at secondary school');
    expect(log).toContain('www.pornhub.com');

    await dashboard.click('[data-testid="csv-export"]');
    let file: string | undefined;
    for (let i = 0; i < 100 && !file; i++) {
      file = readdirSync(downloads).find((name) => name.endsWith('.csv'));
      if (!file) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(file).toBeDefined();
    const csv = readFileSync(join(downloads, file!), 'utf8');
    expect(csv).toContain('how to make friends at secondary school');
    expect(csv).toContain('www.pornhub.com');
    expect(csv).toContain('127.0.0.1');
  });
});
