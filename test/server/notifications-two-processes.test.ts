/**
 * Two endpoint processes on one database (here two endpoints in one test process, each with its own store
 * and its own outbox loop polling every 50 ms, as two processes would run): every alert email goes out once,
 * whichever endpoint was told of the alert, and the day's digest once, though both reach its hour. The outbox
 * claims a message for one sender (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one writer) and the digest
 * records its date before it queues anything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropTestDatabase, testEngine } from './harness/postgres';
import { startTestServer, type TestServer } from './harness/server';
import { startSmtp, type ReceivedMail, type TestSmtp } from './harness/smtp';

const DSL_ADDRESS = 'dsl@school.example';
const IT_LEAD_ADDRESS = 'it.lead@school.example';
// 05:00 UTC on Monday 15 June 2026 is 06:00 in London: an hour before the 07:00 digest.
const MORNING = new Date('2026-06-15T05:00:00Z');
const ALERTS = 12;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isAlertEmail = (mail: ReceivedMail) => mail.subject.startsWith('Safeguarding alert');
const isDigest = (mail: ReceivedMail) => mail.subject.startsWith('Safeguarding daily summary');

const dataDir = mkdtempSync(join(tmpdir(), 'school-endpoint-two-notifiers-'));
let smtp: TestSmtp;
const servers: TestServer[] = [];

afterAll(async () => {
  for (const server of servers) await server.close();
  await smtp?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (testEngine() === 'postgres') await dropTestDatabase(dataDir);
});

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(25);
  }
}

describe('notifications with two endpoint processes on one database', () => {
  it('sends each alert email once and the daily digest once', async () => {
    smtp = await startSmtp();
    const config = {
      publicUrl: 'https://filter.school.example',
      notifications: {
        email: {
          smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' as const },
          from: 'filter@school.example',
          dslRecipients: [DSL_ADDRESS],
          itLeadRecipients: [IT_LEAD_ADDRESS],
        },
      },
    };
    // Both on the same data directory: one SQLite file, or (on PostgreSQL) one database named after it.
    for (let index = 0; index < 2; index += 1) servers.push(await startTestServer({ config, start: MORNING, dataDir, notificationPollMs: 50 }));
    const [first, second] = servers as [TestServer, TestServer];

    // Alerts told to either endpoint; both outbox loops poll the one outbox.
    for (let index = 0; index < ALERTS; index += 1) {
      await (index % 2 === 0 ? first : second).notifier.alertChanged({
        alertId: `alert-${index}`,
        risk: 'bullying',
        severity: 'high',
        yearGroup: 'Y9',
        openedAt: '2026-06-15T04:30:00.000Z',
        lastEvidenceAt: '2026-06-15T04:41:00.000Z',
        evidenceCount: 1,
        change: 'opened',
      });
    }
    await until(() => smtp.messages.filter(isAlertEmail).length >= ALERTS);
    // Time for a second sender to send any message again.
    await sleep(600);
    const links = smtp.messages.filter(isAlertEmail).map((mail) => /#safeguarding-alert\/(alert-\d+)/.exec(mail.text)?.[1]);
    expect(links.sort()).toEqual(Array.from({ length: ALERTS }, (_, index) => `alert-${index}`).sort());

    // 07:00:30 in London on both: the digest, to the DSL and the IT Lead's own copy, once.
    for (const server of servers) server.clock.set(new Date('2026-06-15T06:00:30Z'));
    await until(() => smtp.messages.filter(isDigest).length >= 2);
    await sleep(600);
    const digests = smtp.messages.filter(isDigest);
    expect(digests.map((mail) => mail.rcptTo.join(',')).sort()).toEqual([DSL_ADDRESS, IT_LEAD_ADDRESS]);
    expect(await first.rows('SELECT count(*) AS n FROM notification_outbox WHERE sent_at IS NULL')).toEqual([{ n: 0 }]);
  });
});
