/**
 * Issue 21 on the dashboard, in real Chromium: the log, the reports queue and a report's page, and the
 * allowlists audit say in words whether the endpoint verified who each record names, and the pages pass axe.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { IDENTITY_PROOF_HEADER } from '../../src/shared/identity-proof';
import { axeViolations } from '../e2e/harness/axe';
import { launchDashboardBrowser, openHash, signedInPage } from './harness/dashboard-page';
import { blockEvent, envelope, overrideRequest, report } from './harness/fixtures';
import { mintIdToken, startStandInProvider, type StandInProvider } from './harness/oidc-provider';
import { DEVICE_TOKEN, DSL, jsonPost, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

const CLIENT = 'school-filter-extension.apps.example';
const PUPIL = 'known.pupil@school.example';
const UNPROVEN = 'unproven.pupil@school.example';
const TEACHER = 'proven.teacher@school.example';

let provider: StandInProvider;
let server: TestServer;
let browser: Browser;
let page: Page;
const provenReport = report({ user: PUPIL, title: 'Proven report' });
const unprovenReport = report({ user: UNPROVEN, title: 'Unproven report' });

function withProof(init: RequestInit, email: string): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string>), [IDENTITY_PROOF_HEADER]: mintIdToken(provider, { email, aud: CLIENT, now: server.clock.now() }) } };
}

beforeAll(async () => {
  provider = await startStandInProvider();
  server = await startTestServer({ config: { identityProof: { clientIds: [CLIENT], domains: ['school.example'], issuer: provider.issuer } } });
  expect((await server.fetch(API_PATHS.reports, withProof(jsonPost(DEVICE_TOKEN, provenReport), PUPIL))).status).toBe(201);
  expect((await server.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, unprovenReport))).status).toBe(201);
  const proven = blockEvent({ ...envelope({ user: PUPIL }), host: 'verified-site.example' });
  // A safeguarding alert's evidence, from the pupil's own (proven) device.
  const risk = blockEvent({ ...envelope({ user: PUPIL }), category: 'self-harm', host: 'self-harm-site.example' });
  const unproven = blockEvent({ ...envelope({ user: UNPROVEN }), host: 'other-site.example' });
  expect((await server.fetch(API_PATHS.events, withProof(jsonPost(DEVICE_TOKEN, { events: [proven, risk] }), PUPIL))).status).toBe(200);
  expect((await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events: [unproven] }))).status).toBe(200);
  expect((await server.fetch(API_PATHS.overrides, withProof(jsonPost(STAFF_TOKEN, overrideRequest({ createdBy: TEACHER }, server.clock.now())), TEACHER))).status).toBe(201);
  browser = await launchDashboardBrowser();
  page = await signedInPage(browser, server.url, DSL);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await provider?.close();
});

const texts = (selector: string) => page.$$eval(selector, (nodes) => nodes.map((node) => (node.textContent ?? '').trim()));

describe('verified or not, on the dashboard', () => {
  it('the reports queue marks each pupil verified or not, in words, and passes axe', async () => {
    await openHash(page, 'reports', '[data-testid="report-row"]');
    const rows = await page.$$eval('[data-testid="report-row"]', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows.find((row) => row.includes(PUPIL))).toContain('Verified');
    expect(rows.find((row) => row.includes(UNPROVEN))).toContain('Unverified: no proof');
    expect(await axeViolations(page)).toEqual([]);
  });

  it("a report's page says whether its account was verified, and passes axe", async () => {
    await openHash(page, `report/${unprovenReport.id}`, '[data-testid="report-identity"]');
    expect(await texts('[data-testid="report-identity"]')).toEqual(['Unverified: no proof']);
    expect(await axeViolations(page)).toEqual([]);
    await openHash(page, `report/${provenReport.id}`, '[data-testid="report-identity"]');
    expect(await texts('[data-testid="report-identity"]')).toEqual(['Verified']);
  });

  it('the log says it beside each user, and passes axe', async () => {
    await openHash(page, 'logs', '[data-testid="log-results"]');
    const rows = await page.$$eval('[data-testid="log-results"] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows.find((row) => row.includes('other-site.example'))).toContain(`${UNPROVEN} · Unverified: no proof`);
    expect(rows.find((row) => row.includes('verified-site.example'))).toContain(`${PUPIL} · Verified`);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the allowlists audit says the teacher was verified, and passes axe', async () => {
    await openHash(page, 'allowlists', '[data-testid="allowlists"]');
    expect((await texts('[data-testid="allowlists"] tbody tr td:nth-child(2)'))).toEqual([`${TEACHER} (verified)`]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("a safeguarding alert's evidence says whether each event's account was verified, and passes axe", async () => {
    const [alert] = (await server.store.alerts.list({ offset: 0, limit: 10 })).alerts;
    await openHash(page, `safeguarding-alert/${alert!.id}`, '[data-testid="alert-evidence-row"]');
    expect(await texts('[data-testid="alert-evidence-row"] [data-testid="identity"]')).toEqual(['Verified']);
    expect(await axeViolations(page)).toEqual([]);
  });
});
