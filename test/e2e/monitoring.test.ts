/**
 * Safeguarding monitoring, the whole chain: a pupil's search in real Chromium, logged by the extension at the
 * default detail and uploaded to the real endpoint (SQLite on loopback), matches the risk phrase lists and
 * becomes an alert; the DSL's email arrives at a real SMTP server on loopback within a minute, naming no
 * pupil; the DSL follows its link, signs in, reads the evidence and escalates. A benign look-alike searched
 * by the same pupil raises nothing.
 */
import { createServer } from 'node:net';
import type { BrowserContext, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadResult } from '../../src/background/uploader';
import { startSmtp, type ReceivedMail, type TestSmtp } from '../server/harness/smtp';
import { axeViolations, DSL, type E2eEndpoint, type ExtensionSession, launchWithExtension, signInForTest, startEndpoint, waitForWorkerState } from './harness';

const CONCERNING = 'how many paracetamol to die';
const BENIGN = 'sylvia plath suicide poem essay';
const PUPIL = 'florence.nightingale@pupils.school.example';

let smtp: TestSmtp;
let endpoint: E2eEndpoint;
let pupil: ExtensionSession;
let dslContext: BrowserContext;
let dashboard: Page;
let email: ReceivedMail;
let sentAt: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function uploadNow(): Promise<UploadResult> {
  return pupil.evaluateInWorker(() => (globalThis as unknown as { schoolFilter: { uploadNow(): Promise<UploadResult> } }).schoolFilter.uploadNow());
}

async function search(words: string): Promise<void> {
  const { page } = await pupil.navigate(`https://www.google.com/search?q=${encodeURIComponent(words).replace(/%20/g, '+')}`);
  await page.close();
}

beforeAll(async () => {
  smtp = await startSmtp();
  // The endpoint's public address is its own loopback one, so the email's link is one the DSL can follow here.
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  endpoint = await startEndpoint({
    config: {
      listen: { host: '127.0.0.1', port },
      publicUrl,
      notifications: { email: { smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' }, from: 'filter@school.example', dslRecipients: ['dsl@school.example'] } },
    },
  });
  pupil = await launchWithExtension({ policy: { extension: { schoolName: 'Harness Academy', role: 'pupil', yearGroup: 'Y9', endpoint: endpoint.policyValue() } } });
  await waitForWorkerState(pupil, (s) => s.profile?.yearGroup === 'Y9' && s.dynamicRuleCount > 0, { what: 'the Y9 profile' });
  await signInForTest(pupil, PUPIL);
  // The DSL's own session: another browser context, no extension state or cookies shared with the pupil's.
  dslContext = await pupil.browser.createBrowserContext();
  dashboard = await dslContext.newPage();
}, 120_000);

afterAll(async () => {
  await dslContext?.close();
  await pupil?.close();
  await endpoint?.close();
  await smtp?.stop();
});

describe('a pupil’s concerning search reaches the DSL', () => {
  it('is logged, uploaded, matched, and emailed to the DSL within a minute, with no pupil named', async () => {
    await search(BENIGN);
    await search(CONCERNING);
    await expect
      .poll(async () => {
        await uploadNow();
        return endpoint.storedEvents().filter((e) => e.type === 'search').map((e) => e.event.query);
      }, { timeout: 30_000, interval: 500 })
      .toEqual(expect.arrayContaining([CONCERNING, BENIGN]));
    sentAt = Date.now();

    email = await smtp.waitFor((mail) => mail.subject.startsWith('Safeguarding alert'), 60_000);
    expect(Date.now() - sentAt).toBeLessThan(60_000);
    expect(email.rcptTo).toEqual(['dsl@school.example']);
    for (const part of [email.subject, email.text, email.html]) {
      expect(part.toLowerCase()).not.toContain('nightingale');
      expect(part.toLowerCase()).not.toContain('florence');
      expect(part).not.toContain(CONCERNING);
    }
  });

  it('the DSL follows the link, signs in, reads the evidence and escalates', async () => {
    const link = /https?:\/\/\S+#safeguarding-alert\/[\w-]+/.exec(email.text)?.[0];
    expect(link).toBeDefined();
    await dashboard.goto(link!);
    await dashboard.waitForSelector('[data-testid="login-form"]');
    await dashboard.type('input[name="username"]', DSL.username);
    await dashboard.type('input[name="password"]', DSL.password);
    await Promise.all([dashboard.waitForNavigation(), dashboard.click('button[type="submit"]')]);
    // Sign-in leads on to the alert the email named.
    await dashboard.waitForSelector('[data-testid="safeguarding-alert"]', { timeout: 10_000 });
    expect(await dashboard.$eval('[data-testid="alert-pupil"]', (el) => el.textContent)).toBe(PUPIL);
    expect(await dashboard.$$eval('[data-testid="alert-evidence-quote"]', (nodes) => nodes.map((n) => n.textContent))).toEqual([CONCERNING]);
    expect(await axeViolations(dashboard)).toEqual([]);

    await dashboard.click('[data-testid="alert-set-escalated"]');
    await dashboard.waitForFunction(() => /escalated/i.test(document.querySelector('[data-testid="alert-status"]')?.textContent ?? ''), { timeout: 10_000 });
    const alertId = link!.split('#safeguarding-alert/')[1]!;
    expect(endpoint.rows<{ status: string; risk: string }>('SELECT status, risk FROM alerts WHERE id = ?', alertId)).toEqual([{ status: 'escalated', risk: 'suicide' }]);
    const trail = endpoint.rows<{ actor: string; status: string | null }>('SELECT actor, status FROM alert_trail WHERE alert_id = ? ORDER BY seq', alertId);
    expect(trail.at(-1)).toEqual({ actor: DSL.username, status: 'escalated' });
  });

  it('the benign look-alike raised nothing: one alert, one piece of evidence, one email', async () => {
    const evidence = endpoint.rows<{ quote: string | null }>('SELECT quote FROM alert_evidence');
    expect(evidence).toEqual([{ quote: CONCERNING }]);
    expect(endpoint.rows<{ n: number }>('SELECT count(*) AS n FROM alerts')).toEqual([{ n: 1 }]);
    expect(smtp.messages.filter((mail) => mail.subject.startsWith('Safeguarding alert'))).toHaveLength(1);
  });
});
