/**
 * Notifications for safeguarding alerts, end to end through the real endpoint: notices given to the
 * endpoint's notifier (the contract the alerts code calls) reach a real SMTP server on loopback, and a
 * real HTTP receiver for the webhook. Expected wording is written here by hand, never taken from the code.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertNotice } from '../../server/src/monitoring/alert-notice';
import { purgeExpired } from '../../server/src/retention/purge';
import { report, searchEvent } from './harness/fixtures';
import { DEVICE_TOKEN, jsonPost, startTestServer, type TestServer, readRows } from './harness/server';
import { startSmtp, type ReceivedMail, type TestSmtp } from './harness/smtp';
import { startWebhookReceiver } from './harness/webhook-receiver';

const PUBLIC_URL = 'https://filter.school.example';
const DSL_ADDRESS = 'dsl@school.example';
const IT_LEAD_ADDRESS = 'it.lead@school.example';
const PUPIL = 'ada.lovelace@pupils.school.example';
const SEARCH = 'how to make them stop hitting me';
// 05:00 UTC on Monday 15 June 2026 is 06:00 in London (summer time): an hour before the 07:00 digest.
const MORNING = new Date('2026-06-15T05:00:00Z');

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function notice(overrides: Partial<AlertNotice> = {}): AlertNotice {
  return {
    alertId: 'alert-0001',
    risk: 'bullying',
    severity: 'high',
    yearGroup: 'Y9',
    openedAt: '2026-06-15T04:30:00.000Z',
    lastEvidenceAt: '2026-06-15T04:41:00.000Z',
    evidenceCount: 3,
    change: 'opened',
    ...overrides,
  };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'school-endpoint-notify-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function emailConfig(smtpPort: number) {
  return {
    publicUrl: PUBLIC_URL,
    notifications: {
      email: {
        smtp: { host: '127.0.0.1', port: smtpPort, security: 'none' as const },
        from: 'filter@school.example',
        dslRecipients: [DSL_ADDRESS],
        itLeadRecipients: [IT_LEAD_ADDRESS],
      },
    },
  };
}

async function startSmtpForTest(): Promise<TestSmtp> {
  const smtp = await startSmtp();
  cleanups.push(() => smtp.stop());
  return smtp;
}

async function startEndpoint(config: Record<string, unknown>, options: { dataDir?: string; start?: Date } = {}): Promise<TestServer> {
  const server = await startTestServer({ config, start: options.start ?? MORNING, dataDir: options.dataDir, notificationPollMs: 50 });
  let closed = false;
  cleanups.push(() => (closed ? undefined : server.close()));
  const close = server.close.bind(server);
  server.close = async () => {
    closed = true;
    await close();
  };
  return server;
}

function outboxRows(dataDir: string): Promise<{ kind: string; channel: string; attempts: number; next_attempt_at: string; last_error: string | null; sent_at: string | null }[]> {
  return readRows(dataDir, 'SELECT kind, channel, attempts, next_attempt_at, last_error, sent_at FROM notification_outbox ORDER BY created_at');
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(25);
  }
}

const isAlertEmail = (mail: ReceivedMail) => mail.subject.startsWith('Safeguarding alert');
const isDigest = (mail: ReceivedMail) => mail.subject.startsWith('Safeguarding daily summary');

function expectNoPupil(mail: ReceivedMail) {
  for (const part of [mail.subject, mail.text, mail.html, mail.raw]) {
    expect(part.toLowerCase()).not.toContain('lovelace');
    expect(part).not.toMatch(/\bAda\b/);
    expect(part.toLowerCase()).not.toContain('hitting');
  }
}

describe('alert emails', () => {
  it('sends a high-severity alert within seconds, with the link and no pupil name or search term', async () => {
    const smtp = await startSmtpForTest();
    const server = await startEndpoint(emailConfig(smtp.port));
    // The pupil and their words are in the endpoint's records; none of it may reach the email.
    expect((await server.fetch('/v1/events', jsonPost(DEVICE_TOKEN, { events: [searchEvent(SEARCH, { user: PUPIL })] }))).status).toBe(200);

    const started = performance.now();
    await server.notifier.alertChanged(notice());
    const mail = await smtp.waitFor(isAlertEmail, 5_000);
    expect(performance.now() - started).toBeLessThan(5_000);

    expect(mail.subject).toBe('Safeguarding alert: high severity');
    expect(mail.rcptTo.sort()).toEqual([DSL_ADDRESS, IT_LEAD_ADDRESS].sort());
    expect(mail.text).toContain('https://filter.school.example/dashboard/#safeguarding-alert/alert-0001');
    expect(mail.html).toContain('href="https://filter.school.example/dashboard/#safeguarding-alert/alert-0001"');
    expect(mail.text).toMatch(/Severity:\s+High\n/);
    expect(mail.text).toMatch(/Risk:\s+Bullying\n/);
    expect(mail.text).toMatch(/Year group:\s+Year 9\n/);
    expect(mail.text).toMatch(/Evidence:\s+3 pieces\n/);
    // 04:30 UTC is 05:30 in London in June.
    expect(mail.text).toContain('Monday 15 June 2026 at 05:30 (Europe/London)');
    expect(mail.html).toContain('Bullying');
    // A lock-screen preview shows the subject and the first lines: no risk there.
    expect(mail.text.split('\n').slice(0, 4).join(' ')).not.toMatch(/bullying/i);
    expectNoPupil(mail);

    // The same notice again (a retry by the alerts code) sends nothing more.
    await server.notifier.alertChanged(notice());
    await sleep(300);
    expect(smtp.messages).toHaveLength(1);
  });

  it('never sends self-harm, suicide or CSE alerts to the IT Lead, and keeps the risk out of the subject', async () => {
    const smtp = await startSmtpForTest();
    const server = await startEndpoint(emailConfig(smtp.port));
    await server.notifier.alertChanged(notice({ alertId: 'alert-sh', risk: 'self-harm', severity: 'critical' }));
    await server.notifier.alertChanged(notice({ alertId: 'alert-cse', risk: 'cse' }));
    await server.notifier.alertChanged(notice({ alertId: 'alert-su', risk: 'suicide', change: 'raised' }));
    await server.notifier.alertChanged(notice({ alertId: 'alert-gm', risk: 'gambling' }));
    await until(() => smtp.messages.length === 4);

    const byLink = (id: string) => smtp.messages.find((mail) => mail.text.includes(`#safeguarding-alert/${id}`))!;
    for (const id of ['alert-sh', 'alert-cse', 'alert-su']) expect(byLink(id).rcptTo).toEqual([DSL_ADDRESS]);
    expect(byLink('alert-gm').rcptTo.sort()).toEqual([DSL_ADDRESS, IT_LEAD_ADDRESS].sort());
    expect(byLink('alert-sh').subject).toBe('Safeguarding alert: critical severity');
    expect(byLink('alert-su').subject).toBe('Safeguarding alert raised to high severity');
    expect(byLink('alert-su').text).toMatch(/Risk:\s+Suicide\n/);
    for (const mail of smtp.messages) expect(mail.subject).not.toMatch(/suicide|self-harm|exploitation|cse|gambling/i);
  });

  it('retries while the SMTP server is down and delivers once it is back, across a restart of the endpoint', async () => {
    const smtp = await startSmtpForTest();
    await smtp.stop();
    const dataDir = tempDir();
    let server = await startEndpoint(emailConfig(smtp.port), { dataDir });
    await server.notifier.alertChanged(notice());
    // Queued before the first attempt, which fails (connection refused) and is recorded.
    // The first retry is 15 s after the failure.
    await until(async () => (await outboxRows(dataDir))[0]?.next_attempt_at === '2026-06-15T05:00:15.000Z');
    expect(await outboxRows(dataDir)).toMatchObject([{ kind: 'alert', channel: 'email', attempts: 1, sent_at: null }]);
    expect((await outboxRows(dataDir))[0]!.last_error).toMatch(/ECONNREFUSED/);

    // The endpoint restarts (same data directory) while the mail server is still down: the message is still there.
    await server.close();
    server = await startEndpoint(emailConfig(smtp.port), { dataDir, start: new Date(MORNING.getTime() + 60_000) });
    // Tried again at once (it was due), failed again, and the next wait doubles to 30 s.
    await until(async () => (await outboxRows(dataDir))[0]!.next_attempt_at === '2026-06-15T05:01:30.000Z');
    expect((await outboxRows(dataDir))[0]!.attempts).toBe(2);
    expect(smtp.messages).toHaveLength(0);

    await smtp.start();
    server.clock.advanceMinutes(1);
    const mail = await smtp.waitFor(isAlertEmail, 5_000);
    expect(mail.text).toContain('#safeguarding-alert/alert-0001');
    await sleep(300);
    expect(smtp.messages).toHaveLength(1);
    expect(await outboxRows(dataDir)).toMatchObject([{ attempts: 3, last_error: null }]);
    expect((await outboxRows(dataDir))[0]!.sent_at).not.toBeNull();
  });
});

describe('delivery rules', () => {
  it('never falls back to clear text when STARTTLS is required and the server does not offer it', async () => {
    const smtp = await startSmtpForTest();
    const dataDir = tempDir();
    const config = emailConfig(smtp.port);
    // The test server offers no STARTTLS (harness/smtp.ts).
    const email = { ...config.notifications.email, smtp: { ...config.notifications.email.smtp, security: 'starttls' } };
    const server = await startEndpoint({ ...config, notifications: { email } }, { dataDir });
    await server.notifier.alertChanged(notice());
    await until(async () => (await outboxRows(dataDir))[0]?.last_error != null);
    expect((await outboxRows(dataDir))[0]!.last_error).toMatch(/STARTTLS|TLS/);
    expect(smtp.messages).toHaveLength(0);
  });

  it('purges notices and sent messages with the retention period, and keeps a message not yet sent', async () => {
    const smtp = await startSmtpForTest();
    const dataDir = tempDir();
    const server = await startEndpoint(emailConfig(smtp.port), { dataDir });
    await server.notifier.alertChanged(notice({ alertId: 'alert-sent' }));
    await smtp.waitFor(isAlertEmail);
    await smtp.stop();
    await server.notifier.alertChanged(notice({ alertId: 'alert-waiting' }));
    await until(async () => (await outboxRows(dataDir)).some((row) => row.last_error !== null));

    const DAY = 24 * 60 * 60_000;
    expect((await purgeExpired(server.store, 30, new Date(MORNING.getTime() + 29 * DAY))).notifications).toBe(0);
    // Two notices and the one sent email.
    expect((await purgeExpired(server.store, 30, new Date(MORNING.getTime() + 31 * DAY))).notifications).toBe(3);
    expect(await outboxRows(dataDir)).toMatchObject([{ sent_at: null }]);
  });
});

describe('the daily digest', () => {
  it('counts what was not emailed at once, goes out once at its hour, and not again after a restart', async () => {
    const smtp = await startSmtpForTest();
    const dataDir = tempDir();
    let server = await startEndpoint(emailConfig(smtp.port), { dataDir });
    // A device with no heartbeat (gone silent), two reports (one urgent), and three notices.
    expect((await server.fetch('/v1/events', jsonPost(DEVICE_TOKEN, { events: [searchEvent(SEARCH, { user: PUPIL })] }))).status).toBe(200);
    expect((await server.fetch('/v1/reports', jsonPost(DEVICE_TOKEN, report({ user: PUPIL })))).status).toBe(201);
    expect((await server.fetch('/v1/reports', jsonPost(DEVICE_TOKEN, report({ user: PUPIL, urgent: true, reason: 'safeguarding-concern' })))).status).toBe(201);
    await server.notifier.alertChanged(notice({ alertId: 'alert-m', severity: 'medium' }));
    await server.notifier.alertChanged(notice({ alertId: 'alert-sh', risk: 'self-harm' }));
    await server.notifier.alertChanged(notice({ alertId: 'alert-m', change: 'raised' }));
    await until(() => smtp.messages.length === 2);
    await sleep(300);
    // The medium alert was not emailed at once: only the high one and the raise to high were.
    expect(smtp.messages.map((mail) => mail.subject).sort()).toEqual(['Safeguarding alert raised to high severity', 'Safeguarding alert: high severity']);

    // 06:59:30 in London: not yet.
    server.clock.set(new Date('2026-06-15T05:59:30Z'));
    await sleep(400);
    expect(smtp.messages.filter(isDigest)).toHaveLength(0);

    // 07:00:30: the digest, to the DSL, and the IT Lead's own copy.
    server.clock.set(new Date('2026-06-15T06:00:30Z'));
    await until(() => smtp.messages.filter(isDigest).length === 2);
    const forDsl = smtp.messages.find((mail) => isDigest(mail) && mail.rcptTo.includes(DSL_ADDRESS))!;
    const forItLead = smtp.messages.find((mail) => isDigest(mail) && mail.rcptTo.includes(IT_LEAD_ADDRESS))!;
    expect(forDsl.rcptTo).toEqual([DSL_ADDRESS]);
    expect(forItLead.rcptTo).toEqual([IT_LEAD_ADDRESS]);
    expect(forDsl.subject).toBe('Safeguarding daily summary: 15 June 2026');
    expect(forDsl.text).toContain('from Sunday 14 June 2026 at 07:00 to Monday 15 June 2026 at 07:00 (Europe/London)');
    expect(forDsl.text).toContain('Alerts opened: 2 (critical 0, high 1, medium 1, low 0)\n  Bullying: 1\n  Self-harm: 1\n');
    expect(forDsl.text).toContain('Alerts raised in severity: 1 (critical 0, high 1, medium 0, low 0)\n  Bullying: 1\n');
    expect(forDsl.text).toContain('Reports from pupils received: 2\n');
    expect(forDsl.text).toContain('Urgent reports not yet resolved: 1\n');
    expect(forDsl.text).toContain('Devices gone silent (no heartbeat for 30 minutes): 1 of 1\n');
    expect(forDsl.text).toContain('https://filter.school.example/dashboard/#alerts');
    expect(forItLead.text).toContain('Alerts opened: 2 (critical 0, high 1, medium 1, low 0)\n  Bullying: 1\n  Seen by the DSL only (self-harm, suicide, child sexual exploitation): 1\n');
    expect(forItLead.text).not.toMatch(/Self-harm: 1/);
    for (const mail of [forDsl, forItLead]) expectNoPupil(mail);

    // A restart after the hour (same data directory) sends no second digest for the day.
    await server.close();
    server = await startEndpoint(emailConfig(smtp.port), { dataDir, start: new Date('2026-06-15T06:05:00Z') });
    await sleep(500);
    expect(smtp.messages.filter(isDigest)).toHaveLength(2);

    // The next morning's digest covers the next 24 hours: nothing happened in them.
    server.clock.set(new Date('2026-06-16T06:00:10Z'));
    await until(() => smtp.messages.filter(isDigest).length === 4);
    const next = smtp.messages.find((mail) => mail.subject === 'Safeguarding daily summary: 16 June 2026' && mail.rcptTo.includes(DSL_ADDRESS))!;
    expect(next.text).toContain('Alerts opened: 0 (critical 0, high 0, medium 0, low 0)\n');
    expect(next.text).toContain('Reports from pupils received: 0\n');
  });
});

describe('the webhook', () => {
  it('posts the notice and its link, signed over the timestamp and body, and retries until the receiver takes it', async () => {
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    const dataDir = tempDir();
    const secret = randomBytes(32).toString('hex');
    writeFileSync(join(dataDir, 'webhook-secret'), `${secret}\n`);
    const server = await startEndpoint({ publicUrl: PUBLIC_URL, notifications: { webhook: { url: receiver.url, secretFile: 'webhook-secret' } } }, { dataDir });

    receiver.answer(503);
    await server.notifier.alertChanged(notice({ risk: 'suicide' }));
    await receiver.waitForRequests(1);
    receiver.answer(200);
    server.clock.advanceMinutes(1);
    const [first, second] = await receiver.waitForRequests(2);

    expect(second!.method).toBe('POST');
    expect(second!.path).toBe('/safeguarding/hook');
    expect(JSON.parse(second!.body)).toEqual({ ...notice({ risk: 'suicide' }), riskName: 'Suicide', link: 'https://filter.school.example/dashboard/#safeguarding-alert/alert-0001' });
    // The same delivery id on the retry: a receiver can drop a duplicate.
    expect(second!.headers['x-school-filter-delivery']).toBe(first!.headers['x-school-filter-delivery']);
    expect(second!.body).toBe(first!.body);

    // Verified as a receiver would, with its own HMAC.
    const timestamp = second!.headers['x-school-filter-timestamp'] as string;
    expect(Number(timestamp)).toBe(Math.floor(server.clock.now().getTime() / 1000));
    const signature = (body: string) => `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
    expect(second!.headers['x-school-filter-signature']).toBe(signature(second!.body));
    expect(second!.headers['x-school-filter-signature']).not.toBe(signature(second!.body.replace('"high"', '"low"')));
    // A new timestamp, a new signature: an old request cannot be replayed with a fresh time.
    expect(first!.headers['x-school-filter-timestamp']).not.toBe(timestamp);

    await sleep(300);
    expect(receiver.requests).toHaveLength(2);
  });
});

describe('notifications config', () => {
  it('says once at start that nothing is configured', async () => {
    const logLines: string[] = [];
    const server = await startTestServer({ logLines });
    cleanups.push(() => server.close());
    expect(logLines.filter((line) => line.includes('notifications: none configured'))).toHaveLength(1);
  });
});
