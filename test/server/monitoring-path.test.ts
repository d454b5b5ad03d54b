/**
 * Safeguarding monitoring end to end at the endpoint: a pupil's search or page title arriving through
 * POST /v1/events goes through the real risk phrase lists (server/risk-phrases/), becomes an alert, and
 * a high-severity one reaches the DSL by email (a real SMTP server on loopback) in seconds, with no
 * pupil in it. Benign look-alikes raise nothing and send nothing. The phrases and the expected risks
 * are written here by hand, never taken from the lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAFEGUARDING_ALERTS_PATH } from '../../server/src/dashboard-api/alert-types';
import type { AlertDetail, AlertPage } from '../../server/src/store/alert-rows';
import type { FilterEvent } from '../../src/events/model';
import { API_PATHS } from '../../src/events/wire';
import { signIn, type DashboardClient } from './harness/dashboard';
import { envelope, searchEvent } from './harness/fixtures';
import { DEVICE_TOKEN, DSL, IT_LEAD, jsonPost, startTestServer, type TestServer } from './harness/server';
import { startSmtp, type ReceivedMail, type TestSmtp } from './harness/smtp';

// 05:00 UTC on a June Monday is 06:00 in London: an hour before the daily digest, so only alert emails arrive.
const START = new Date('2026-06-15T05:00:00Z');
const PUBLIC_URL = 'https://filter.school.example';

let server: TestServer;
let smtp: TestSmtp;
let dsl: DashboardClient;
let itLead: DashboardClient;
let pupils = 0;

function newPupil(): string {
  pupils += 1;
  return `grace.hopper${pupils}@pupils.school.example`;
}

async function post(events: FilterEvent[]): Promise<void> {
  const response = await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events }));
  expect(response.status).toBe(200);
}

async function alertsFor(user: string): Promise<AlertPage['alerts']> {
  const response = await dsl.get(`${SAFEGUARDING_ALERTS_PATH}?limit=200`);
  return ((await response.json()) as AlertPage).alerts.filter((alert) => alert.user === user);
}

async function detail(client: DashboardClient, id: string): Promise<{ status: number; body: AlertDetail }> {
  const response = await client.get(`${SAFEGUARDING_ALERTS_PATH}/${id}`);
  return { status: response.status, body: (await response.json()) as AlertDetail };
}

const alertEmails = () => smtp.messages.filter((mail) => mail.subject.startsWith('Safeguarding alert'));

function expectNothingOfThePupil(mail: ReceivedMail, user: string, words: string) {
  for (const part of [mail.subject, mail.text, mail.html, mail.raw]) {
    expect(part.toLowerCase()).not.toContain(user.split('@')[0]!.replace(/\d+$/, ''));
    expect(part.toLowerCase()).not.toContain(words.toLowerCase());
  }
}

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({
    start: START,
    notificationPollMs: 50,
    config: {
      publicUrl: PUBLIC_URL,
      notifications: { email: { smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' }, from: 'filter@school.example', dslRecipients: ['dsl@school.example'] } },
    },
  });
  [dsl, itLead] = await Promise.all([signIn(server, DSL), signIn(server, IT_LEAD)]);
});

afterAll(async () => {
  await server?.close();
  await smtp?.stop();
});

describe('a concerning search', () => {
  it('becomes an alert with the evidence, and the DSL is emailed within seconds with no pupil in the email', async () => {
    const user = newPupil();
    const words = 'how many paracetamol to die';
    const sent = Date.now();
    await post([searchEvent(words, { user, yearGroup: 'Y8' })]);

    const mail = await smtp.waitFor((m) => m.subject.startsWith('Safeguarding alert'), 30_000);
    const latencyMs = Date.now() - sent;
    expect(latencyMs).toBeLessThan(60_000);
    expect(mail.rcptTo).toEqual(['dsl@school.example']);
    expectNothingOfThePupil(mail, user, words);

    const [alert] = await alertsFor(user);
    expect(alert).toMatchObject({ risk: 'suicide', yearGroup: 'Y8', status: 'new', evidenceCount: 1 });
    expect(['high', 'critical']).toContain(alert!.severity);
    expect(mail.text).toContain(`${PUBLIC_URL}/dashboard/#safeguarding-alert/${alert!.id}`);
    const { body } = await detail(dsl, alert!.id);
    expect(body.evidence).toEqual([expect.objectContaining({ kind: 'search', quote: words, host: 'www.google.com' })]);

    // Suicide is the DSL's alone: an IT Lead sees that it exists, not who or what.
    const withheld = await detail(itLead, alert!.id);
    expect(withheld.body).toMatchObject({ user: null, evidence: null, withheld: true });
  });

  it('posted twice (a device retrying) raises one alert and sends one email', async () => {
    const user = newPupil();
    const event = searchEvent('join isis how', { user });
    const before = alertEmails().length;
    await post([event]);
    await post([event]);
    await smtp.waitFor((m) => alertEmails().indexOf(m) >= before, 30_000);
    // Give a second email every chance to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(alertEmails().length).toBe(before + 1);
    const alerts = await alertsFor(user);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ risk: 'extremism', evidenceCount: 1 });
  });
});

describe('what is not quoted, and what raises nothing', () => {
  it('keeps the words of a pornography search out of the alert: the evidence says what kind of term it was', async () => {
    const user = newPupil();
    await post([searchEvent('free porn videos', { user })]);
    const [alert] = await alertsFor(user);
    expect(alert).toMatchObject({ risk: 'pornography' });
    const { body } = await detail(dsl, alert!.id);
    expect(body.evidence![0]).toMatchObject({ kind: 'search', quote: null });
    // The pupil's words appear nowhere in the alert.
    expect(JSON.stringify(body)).not.toContain('free porn');
    expect(JSON.stringify(body)).not.toContain('porn videos');
  });

  it('a page title at full detail is evidence too', async () => {
    const user = newPupil();
    const title = 'why do i want to cut myself - YouTube';
    await post([{ ...envelope({ user }), type: 'navigation', host: 'www.youtube.com', url: 'https://www.youtube.com/watch?v=x', title }]);
    const [alert] = await alertsFor(user);
    expect(alert).toMatchObject({ risk: 'self-harm' });
    const { body } = await detail(dsl, alert!.id);
    expect(body.evidence![0]).toMatchObject({ kind: 'title', quote: title, host: 'www.youtube.com' });
    // High severity: the DSL is emailed about this one too.
    await smtp.waitFor((mail) => mail.text.includes(alert!.id), 30_000);
  });

  it('benign look-alikes from lessons and films raise no alert and send no email', async () => {
    const user = newPupil();
    const before = smtp.messages.length;
    const benign = ['suicide squad cast', 'Sylvia Plath suicide poem essay', 'causes of ww1', 'Self-harm - NHS', 'photosynthesis equation gcse'];
    await post(benign.map((words) => searchEvent(words, { user })));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await alertsFor(user)).toEqual([]);
    expect(smtp.messages.length).toBe(before);
  });
});

describe('a passing fault while recording evidence', () => {
  it('answers 503 so the device sends the batch again, and the retry records the evidence once', async () => {
    const user = newPupil();
    const batch = [searchEvent('how to self harm without anyone knowing', { user })];
    // The endpoint's own store, failing once as a locked or full disk would.
    const alerts = server.store.alerts;
    const addEvidence = alerts.addEvidence.bind(alerts);
    alerts.addEvidence = async () => {
      alerts.addEvidence = addEvidence;
      throw new Error('SQLITE_BUSY: database is locked');
    };
    const first = await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events: batch }));
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('30');
    expect(await alertsFor(user)).toEqual([]);

    const again = await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events: batch }));
    expect(again.status).toBe(200);
    // The events were stored the first time: the retry duplicates nothing, and its evidence is recorded now.
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 1 });
    const [alert] = await alertsFor(user);
    expect(alert).toMatchObject({ risk: 'self-harm', evidenceCount: 1 });
  });
});
