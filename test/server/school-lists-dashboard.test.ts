/**
 * The school lists on the dashboard in real Chromium: the IT Lead adds and
 * changes entries, acts on a report's site in one click (the report's trail
 * links to the entry and the entry back), the DSL is offered only a block,
 * refusals are shown beside the form, and stored text stays inert.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { actFromReport, launchDashboardBrowser, openHash, signedInPage } from './harness/dashboard-page';
import { report } from './harness/fixtures';
import { writeRulesDir } from './harness/rules';
import { DEVICE_TOKEN, DSL, IT_LEAD, jsonPost, startTestServer, type TestServer } from './harness/server';

const INJECTION = '"><img src=x onerror=window.__pwned=1>';
const unsuitable = report({ url: 'https://www.rude.example/page', reason: 'rude-or-unsuitable', yearGroup: 'Y8' });
const wronglyBlocked = report({ url: 'https://www.history.example/ww2', reason: 'should-not-be-blocked', category: 'games', yearGroup: 'Y9' });

let server: TestServer;
let browser: Browser;
let itLead: Page;

beforeAll(async () => {
  server = await startTestServer({ config: { rulesDir: writeRulesDir({ adult: { domains: ['adult.example'] } }) } });
  for (const sent of [unsuitable, wronglyBlocked]) expect((await server.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, sent))).status).toBe(201);
  browser = await launchDashboardBrowser();
  itLead = await signedInPage(browser, server.url, IT_LEAD);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function text(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => el.textContent ?? '');
}

describe('the school lists page', () => {
  it('adds pasted sites with a reason; the list, counts and trail show them as text', async () => {
    await openHash(itLead, 'school-lists', '[data-testid="school-list-add-form"]');
    await itLead.type('textarea[name="school-list-add-targets"]', 'first.example\nhttps://second.example/page?x=1');
    await itLead.type('input[name="school-list-add-reason"]', `Unsuitable ${INJECTION}`);
    await itLead.click('[data-testid="school-list-add-submit"]');
    await itLead.waitForSelector('[data-testid="school-list-added"]');
    expect(await text(itLead, '[data-testid="school-list-added"]')).toBe('Added 2 entries.');
    await itLead.waitForFunction(() => document.querySelectorAll('[data-testid="school-list-row"]').length === 2);
    expect(await itLead.$$eval('[data-testid="school-list-row"]', (rows) => rows.map((row) => row.getAttribute('data-target')).sort())).toEqual(['first.example', 'second.example/page?x=1']);
    expect(await text(itLead, '[data-testid="school-list-counts"]')).toMatch(/^In force: 1 blocked domains and 1 blocked addresses/);
    // The trail is its own fetch: it may draw after the rows (it did under load, on PostgreSQL).
    await itLead.waitForSelector('[data-testid="school-list-trail"]');
    expect(await text(itLead, '[data-testid="school-list-trail"]')).toContain(`Unsuitable ${INJECTION}`);
    expect(await itLead.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await itLead.$('img[src="x"]')).toBeNull();
  });

  it('shows what the endpoint refuses beside the form: a locked category allow names the category', async () => {
    await itLead.click('input[name="school-list-add-action"][value="allow"]');
    await itLead.$eval('textarea[name="school-list-add-targets"]', (el) => ((el as HTMLTextAreaElement).value = ''));
    await itLead.type('textarea[name="school-list-add-targets"]', 'adult.example');
    await itLead.click('[data-testid="school-list-add-submit"]');
    await itLead.waitForSelector('[data-testid="school-list-add-problem"]');
    expect(await text(itLead, '[data-testid="school-list-add-problem"]')).toMatch(/adult\.example is in the adult category, which the school has locked/);
  });

  it('edits an entry on its page, and the entry’s trail says who and why', async () => {
    await openHash(itLead, 'school-lists', '[data-testid="school-list-row"][data-target="first.example"]');
    await itLead.click('[data-testid="school-list-row"][data-target="first.example"] [data-testid="school-list-entry-link"]');
    await itLead.waitForSelector('[data-testid="school-list-edit-form"]');
    await itLead.click('input[name="school-list-edit-scope"][value="key-stages"]');
    await itLead.click('input[name="school-list-edit-key-stage"][value="KS2"]');
    await itLead.type('input[name="school-list-edit-reason"]', 'Only primary');
    await itLead.click('[data-testid="school-list-edit-form"] button[type="submit"]');
    await itLead.waitForFunction(() => document.querySelectorAll('[data-testid="school-list-entry-trail"] [data-change="edited"]').length === 1);
    expect(await text(itLead, '[data-testid="school-list-entry-trail"] [data-change="edited"]')).toMatch(/itlead \(IT Lead\).*changed \(block list\)first\.exampleKS2/);
  });
});

describe('from a report, one click', () => {
  it('"Block this site for pupils": prefilled, linked both ways, the report resolved', async () => {
    await actFromReport(itLead, unsuitable.id, 'report-block');
    await itLead.waitForFunction(() => document.querySelector('[data-testid="detail-status"]')?.textContent === 'resolved');
    const held = await server.store.reports.get(unsuitable.id);
    const entryId = held!.trail.find((row) => row.action === 'school-list')!.schoolListEntryId!;
    const entry = await server.store.schoolLists.get(entryId);
    expect(entry).toMatchObject({ action: 'block', target: 'rude.example', audience: { scope: 'pupils' }, reason: 'Pupil report: rude or unsuitable', reportId: unsuitable.id });
    // The trail's link opens the entry, which links back to the report.
    await itLead.click('[data-testid="trail-school-list-entry"]');
    await itLead.waitForSelector('[data-testid="school-list-entry-report"]');
    expect(await itLead.$eval('[data-testid="school-list-entry-report"]', (a) => a.getAttribute('href'))).toBe(`#report/${unsuitable.id}`);
  });

  it('"Allow this site for Y9" for a wrongly blocked site comes first, prefilled for the pupil’s year group', async () => {
    // From one report straight to another: the forms are the new report's, not the last one's.
    await openHash(itLead, `report/${unsuitable.id}`, '[data-testid="report-block-submit"]');
    await openHash(itLead, `report/${wronglyBlocked.id}`, '[data-testid="report-allow-submit"]');
    expect(await itLead.$eval('textarea[name="report-allow-targets"]', (el) => (el as HTMLTextAreaElement).value)).toBe('history.example');
    expect(await itLead.$eval('textarea[name="report-block-targets"]', (el) => (el as HTMLTextAreaElement).value)).toBe('history.example');
    const order = await itLead.$$eval('[data-testid="report-list-actions"] form', (forms) => forms.map((form) => form.getAttribute('data-testid')));
    expect(order).toEqual(['report-allow-form', 'report-block-form']);
    expect(await text(itLead, '[data-testid="report-allow-submit"]')).toBe('Allow this site for Y9');
    await actFromReport(itLead, wronglyBlocked.id, 'report-allow');
    const covering = await server.store.schoolLists.covering('www.history.example');
    expect(covering).toMatchObject([{ action: 'allow', target: 'history.example', audience: { scope: 'year-groups', yearGroups: ['Y9'] } }]);
  });

  it('the report page shows what already covers its site, with a removal for the IT Lead', async () => {
    await openHash(itLead, `report/${unsuitable.id}`, '[data-testid="report-covering-entries"]');
    expect(await text(itLead, '[data-testid="report-covering-entries"]')).toMatch(/^Blocked rude\.example for all pupils/);
    expect(await itLead.$('[data-testid="school-list-remove-form"]')).not.toBeNull();
  });

  it('a DSL is offered the block only', async () => {
    const dsl = await signedInPage(browser, server.url, DSL);
    await openHash(dsl, `report/${wronglyBlocked.id}`, '[data-testid="report-block-submit"]');
    expect(await dsl.$('[data-testid="report-allow-form"]')).toBeNull();
    expect(await dsl.$('[data-testid="school-list-remove-form"]')).toBeNull();
    await openHash(dsl, 'school-lists', '[data-testid="school-list-add-form"]');
    expect(await dsl.$('input[name="school-list-add-action"]')).toBeNull();
    await dsl.close();
  });
});
