/**
 * Safeguarding alerts with the real endpoint: blocks and warnings in high-risk
 * categories arriving through POST /v1/events become alerts per pupil, risk and
 * incident; repeats raise severity; a batch posted twice adds nothing; a DSL
 * triages; an IT Lead never reads a DSL-only alert's pupil, evidence or notes;
 * the notifier hears of every alert opened or raised.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import type { FilterEvent } from '../../src/events/model';
import { SAFEGUARDING_ALERTS_PATH } from '../../server/src/dashboard-api/alert-types';
import type { AlertNotice, AlertNotifier } from '../../server/src/monitoring/alert-notice';
import type { RiskMatcher } from '../../server/src/monitoring/risks';
import type { AlertDetail, AlertPage } from '../../server/src/store/alert-rows';
import { signIn, type DashboardClient } from './harness/dashboard';
import { blockEvent, envelope } from './harness/fixtures';
import { DEVICE_TOKEN, DSL, IT_LEAD, jsonPost, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

/** Our side of the notifier contract: records every notice it is given. */
class RecordingNotifier implements AlertNotifier {
  readonly notices: AlertNotice[] = [];
  async alertChanged(notice: AlertNotice): Promise<void> {
    this.notices.push(notice);
  }
}

const START = new Date('2026-03-02T09:00:00.000Z');
const notifier = new RecordingNotifier();
let server: TestServer;
let dsl: DashboardClient;
let itLead: DashboardClient;
let pupilCount = 0;

/** A pupil no other test uses, so each test reads only its own alerts. */
function newPupil(): string {
  pupilCount += 1;
  return `pupil.${pupilCount}@school.example`;
}

async function post(events: FilterEvent[], token = DEVICE_TOKEN): Promise<{ accepted: number; duplicates: number }> {
  const response = await server.fetch(API_PATHS.events, jsonPost(token, { events }));
  expect(response.status).toBe(200);
  return (await response.json()) as { accepted: number; duplicates: number };
}

/** A block made `minutesAgo` before the server's clock. */
function block(user: string, category: string, minutesAgo = 0, extra: Partial<Extract<FilterEvent, { type: 'block' }>> = {}): FilterEvent {
  const time = new Date(server.clock.now().getTime() - minutesAgo * 60_000).toISOString();
  return blockEvent({ user, category: category as 'gambling', host: `${category}-site.example`, time, ...extra });
}

async function alertsOf(client: DashboardClient, query = ''): Promise<AlertPage> {
  const response = await client.get(`${SAFEGUARDING_ALERTS_PATH}?limit=200${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as AlertPage;
}

/** The DSL's view of one pupil's alerts. */
async function alertsFor(user: string): Promise<AlertPage['alerts']> {
  return (await alertsOf(dsl)).alerts.filter((alert) => alert.user === user);
}

async function detail(client: DashboardClient, id: string): Promise<AlertDetail> {
  const response = await client.get(`${SAFEGUARDING_ALERTS_PATH}/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as AlertDetail;
}

function noticesFor(alertId: string): AlertNotice[] {
  return notifier.notices.filter((notice) => notice.alertId === alertId);
}

beforeAll(async () => {
  server = await startTestServer({ start: START, alertNotifier: notifier });
});

afterAll(async () => {
  await server?.close();
});

beforeEach(async () => {
  // Each test starts well after the last: no incident window or repeat window carries over (and sessions end: sign in again).
  server.clock.advanceMinutes(3 * 24 * 60);
  dsl = await signIn(server, DSL);
  itLead = await signIn(server, IT_LEAD);
});

describe('evidence from arriving events', () => {
  it('makes a self-harm block an alert with its evidence, the pupil and year group, received time and site', async () => {
    const pupil = newPupil();
    const sent = block(pupil, 'self-harm', 2, { yearGroup: 'Y8' });
    await post([sent]);
    const [alert, ...others] = await alertsFor(pupil);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ user: pupil, yearGroup: 'Y8', risk: 'self-harm', severity: 'high', status: 'new', evidenceCount: 1, withheld: false });
    expect(alert!.openedAt).toBe(server.clock.now().toISOString());
    const shown = await detail(dsl, alert!.id);
    expect(shown.evidence).toEqual([
      {
        eventId: sent.id,
        kind: 'block',
        severity: 'high',
        time: sent.time,
        claimedTime: null,
        receivedAt: server.clock.now().toISOString(),
        host: 'self-harm-site.example',
        quote: null,
        description: 'Blocked: a site the filter lists as self harm',
        // This endpoint checks no identity proofs (no identityProof in its config).
        verification: { verified: false, problem: null, words: 'Not checked' },
      },
    ]);
    expect(shown.trail).toEqual([{ at: server.clock.now().toISOString(), actor: 'endpoint', action: 'opened', status: 'new', severity: 'high', note: null }]);
  });

  it('raises severity when three self-harm blocks come within ten minutes, and marks the third as a repeat', async () => {
    const pupil = newPupil();
    await post([block(pupil, 'self-harm', 0)]);
    server.clock.advanceMinutes(4);
    await post([block(pupil, 'self-harm', 0)]);
    const [before] = await alertsFor(pupil);
    expect(before).toMatchObject({ severity: 'high', evidenceCount: 2 });
    server.clock.advanceMinutes(4);
    await post([block(pupil, 'self-harm', 0)]);
    const [after, ...others] = await alertsFor(pupil);
    expect(others).toEqual([]);
    expect(after).toMatchObject({ id: before!.id, severity: 'critical', evidenceCount: 3 });
    const shown = await detail(dsl, after!.id);
    expect(shown.evidence!.map((row) => [row.kind, row.severity])).toEqual([
      ['repeat', 'critical'],
      ['block', 'high'],
      ['block', 'high'],
    ]);
    expect(shown.evidence![0]!.description).toBe('Blocked: a site the filter lists as self harm: 3 such blocks within 10 minutes');
    expect(shown.trail!.map((entry) => [entry.action, entry.severity])).toEqual([
      ['opened', 'high'],
      ['raised', 'critical'],
    ]);
  });

  it('judges repeats by when the blocks happened, not by a batch that brought them together', async () => {
    const pupil = newPupil();
    // One upload of three blocks made 25 minutes apart (a long upload interval): not three in ten minutes.
    await post([block(pupil, 'self-harm', 50), block(pupil, 'self-harm', 25), block(pupil, 'self-harm', 0)]);
    const [spread] = await alertsFor(pupil);
    expect(spread).toMatchObject({ severity: 'high', evidenceCount: 3 });
    // Three made within two minutes, in one upload: a repeat.
    const other = newPupil();
    await post([block(other, 'self-harm', 2), block(other, 'self-harm', 1), block(other, 'self-harm', 0)]);
    const [burst] = await alertsFor(other);
    expect(burst).toMatchObject({ severity: 'critical', evidenceCount: 3 });
  });

  it('takes a flood of blocks for one pupil as one alert, reading only enough earlier blocks to judge each', async () => {
    const pupil = newPupil();
    for (let batch = 0; batch < 4; batch++) {
      await post(Array.from({ length: 500 }, (_, i) => block(pupil, 'self-harm', 0, { host: `flood${batch}-${i}.example` })));
    }
    const [alert, ...others] = await alertsFor(pupil);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ severity: 'critical', evidenceCount: 2000 });
    const [newest] = (await detail(dsl, alert!.id)).evidence!;
    // Past 100 earlier blocks the count is a lower bound, and says so.
    expect(newest).toMatchObject({ kind: 'repeat', description: expect.stringMatching(/^Blocked: a site the filter lists as self harm: \d+ or more such blocks within 10 minutes$/) });
  });

  it('adds nothing when the same batch arrives again', async () => {
    const pupil = newPupil();
    const batch = [block(pupil, 'self-harm', 3), block(pupil, 'self-harm', 2), block(pupil, 'extremism', 1)];
    await post(batch);
    const alertsBefore = await alertsFor(pupil);
    const rowsBefore = await server.counts();
    const noticesBefore = notifier.notices.length;
    server.clock.advanceMinutes(1);
    expect(await post(batch)).toEqual({ accepted: 0, duplicates: 3 });
    expect(await alertsFor(pupil)).toEqual(alertsBefore);
    const rowsAfter = await server.counts();
    expect([rowsAfter.alerts, rowsAfter.alert_evidence, rowsAfter.alert_trail]).toEqual([rowsBefore.alerts, rowsBefore.alert_evidence, rowsBefore.alert_trail]);
    expect(notifier.notices.length).toBe(noticesBefore);
  });

  it('keeps two pupils apart, and one pupil’s two risks apart', async () => {
    const first = newPupil();
    const second = newPupil();
    await post([block(first, 'self-harm'), block(second, 'self-harm'), block(first, 'gambling')]);
    expect((await alertsFor(first)).map((alert) => alert.risk).sort()).toEqual(['gambling', 'self-harm']);
    expect((await alertsFor(second)).map((alert) => alert.risk)).toEqual(['self-harm']);
  });

  it('opens a new alert rather than add to a resolved one, or to one whose evidence is more than a day old', async () => {
    const pupil = newPupil();
    await post([block(pupil, 'extremism')]);
    const [resolved] = await alertsFor(pupil);
    expect((await dsl.post(`${SAFEGUARDING_ALERTS_PATH}/${resolved!.id}/status`, { status: 'resolved', note: 'Spoke to the pupil: a history project' })).status).toBe(200);
    server.clock.advanceMinutes(30);
    await post([block(pupil, 'extremism')]);
    const afterResolved = await alertsFor(pupil);
    expect(afterResolved).toHaveLength(2);
    const fresh = afterResolved.find((alert) => alert.id !== resolved!.id)!;
    expect(fresh).toMatchObject({ status: 'new', evidenceCount: 1 });
    expect(afterResolved.find((alert) => alert.id === resolved!.id)).toMatchObject({ status: 'resolved', evidenceCount: 1 });

    // Open, but its newest evidence is 25 hours old: a new incident.
    server.clock.advanceMinutes(25 * 60);
    dsl = await signIn(server, DSL);
    await post([block(pupil, 'extremism')]);
    const later = await alertsFor(pupil);
    expect(later).toHaveLength(3);
    expect(later.find((alert) => alert.id === fresh.id)).toMatchObject({ evidenceCount: 1 });
    // Within the day, evidence joins the open alert.
    server.clock.advanceMinutes(23 * 60);
    dsl = await signIn(server, DSL);
    await post([block(pupil, 'extremism')]);
    expect((await alertsFor(pupil)).map((alert) => alert.evidenceCount).sort()).toEqual([1, 1, 2]);
  });

  it('maps categories to risks with their severities, warnings below blocks, and ignores the rest', async () => {
    const pupil = newPupil();
    const warn = { ...envelope({ user: pupil, time: server.clock.now().toISOString() }), type: 'warn' as const, category: 'extremism' as const, host: 'forum.example' };
    await post([warn, block(pupil, 'hate'), block(pupil, 'adult'), block(pupil, 'games'), block(pupil, 'social'), block(pupil, 'school-list')]);
    const byRisk = Object.fromEntries((await alertsFor(pupil)).map((alert) => [alert.risk, alert.severity]));
    expect(byRisk).toEqual({ extremism: 'medium', discrimination: 'medium', pornography: 'low' });
  });

  it('keeps an illegal-feed block’s address out of the alert, and makes it critical', async () => {
    const pupil = newPupil();
    await post([block(pupil, 'illegal', 0, { host: 'never-stored.example', url: 'https://never-stored.example/x' })]);
    const [alert] = await alertsFor(pupil);
    expect(alert).toMatchObject({ risk: 'illegal', severity: 'critical' });
    const [evidence] = (await detail(dsl, alert!.id)).evidence!;
    expect(evidence).toMatchObject({ host: '', quote: null, kind: 'block' });
    expect(JSON.stringify(await detail(dsl, alert!.id))).not.toContain('never-stored');
  });

  it('raises no alert from staff browsing', async () => {
    const teacher = newPupil();
    await post([block(teacher, 'self-harm', 0, { role: 'staff' })], STAFF_TOKEN);
    expect(await alertsFor(teacher)).toEqual([]);
  });

  it('keeps a time claimed ahead as the claim, and groups by when the endpoint received it', async () => {
    const pupil = newPupil();
    const claimed = '9999-12-31T23:59:59.000Z';
    await post([block(pupil, 'drugs', 0, { time: claimed })]);
    const [alert] = await alertsFor(pupil);
    expect(alert).toMatchObject({ openedAt: server.clock.now().toISOString(), lastEvidenceAt: server.clock.now().toISOString() });
    expect((await detail(dsl, alert!.id)).evidence![0]).toMatchObject({ time: server.clock.now().toISOString(), claimedTime: claimed });
  });
});

describe('the notifier', () => {
  it('is told when an alert opens and when its severity rises, never when evidence only joins', async () => {
    const pupil = newPupil();
    await post([block(pupil, 'self-harm', 0, { yearGroup: 'Y10' })]);
    const [alert] = await alertsFor(pupil);
    const openedAt = server.clock.now().toISOString();
    expect(noticesFor(alert!.id)).toEqual([
      { alertId: alert!.id, risk: 'self-harm', severity: 'high', yearGroup: 'Y10', openedAt, lastEvidenceAt: openedAt, evidenceCount: 1, change: 'opened' },
    ]);
    server.clock.advanceMinutes(2);
    await post([block(pupil, 'self-harm', 0, { yearGroup: 'Y10' })]);
    expect(noticesFor(alert!.id)).toHaveLength(1);
    server.clock.advanceMinutes(2);
    await post([block(pupil, 'self-harm', 0, { yearGroup: 'Y10' })]);
    expect(noticesFor(alert!.id)).toHaveLength(2);
    expect(noticesFor(alert!.id)[1]).toEqual({
      alertId: alert!.id,
      risk: 'self-harm',
      severity: 'critical',
      yearGroup: 'Y10',
      openedAt,
      lastEvidenceAt: server.clock.now().toISOString(),
      evidenceCount: 3,
      change: 'raised',
    });
    // No pupil, no evidence: a notice carries only what gets the DSL to the dashboard.
    expect(JSON.stringify(notifier.notices)).not.toContain(pupil);
  });

  it('tells of an alert opened and raised in one batch once, as opened at its final severity', async () => {
    const pupil = newPupil();
    await post([block(pupil, 'extremism', 3), block(pupil, 'extremism', 2), block(pupil, 'extremism', 1)]);
    const [alert] = await alertsFor(pupil);
    expect(noticesFor(alert!.id).map((notice) => [notice.change, notice.severity, notice.evidenceCount])).toEqual([['opened', 'critical', 3]]);
  });
});

describe('a notifier or matcher that fails', () => {
  it('never fails or holds up the upload, and loses no event', async () => {
    const throwing: AlertNotifier = {
      alertChanged: () => {
        throw new Error('mail server on fire');
      },
    };
    const unreadable: RiskMatcher = {
      match: () => {
        throw new Error('phrase lists unreadable');
      },
    };
    const failing = await startTestServer({ start: START, alertNotifier: throwing, riskMatcher: unreadable });
    const hanging = await startTestServer({ start: START, alertNotifier: { alertChanged: () => new Promise<void>(() => {}) } });
    try {
      for (const target of [failing, hanging]) {
        const events = [blockEvent({ category: 'self-harm' }), { ...envelope(), type: 'search' as const, engine: 'google' as const, query: 'anything', host: 'www.google.com' }];
        const response = await target.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events }));
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ accepted: 2, duplicates: 0 });
        expect((await target.counts()).events).toBe(2);
        // The block's alert is recorded even though the notifier (or the matcher, on the search) failed.
        expect((await target.counts()).alerts).toBe(1);
      }
    } finally {
      await failing.close();
      await hanging.close();
    }
  });
});

describe('who sees what', () => {
  it('shows an IT Lead that a self-harm alert exists, never its pupil, evidence or notes, and lets them change nothing', async () => {
    const pupil = newPupil();
    await post([block(pupil, 'self-harm', 0, { yearGroup: 'Y7' })]);
    const [alert] = await alertsFor(pupil);
    expect((await dsl.post(`${SAFEGUARDING_ALERTS_PATH}/${alert!.id}/notes`, { note: 'Mum called about this' })).status).toBe(200);

    const listed = (await alertsOf(itLead)).alerts.find((row) => row.id === alert!.id);
    expect(listed).toEqual({ ...alert, user: null, withheld: true });
    const shown = await detail(itLead, alert!.id);
    expect(shown).toMatchObject({ id: alert!.id, user: null, withheld: true, risk: 'self-harm', severity: 'high', yearGroup: 'Y7', status: 'new', evidence: null, trail: null });
    const body = JSON.stringify(shown);
    expect(body).not.toContain(pupil);
    expect(body).not.toContain('self-harm-site.example');
    expect(body).not.toContain('Mum called');
    // Nowhere in the IT Lead's list either.
    expect(JSON.stringify(await alertsOf(itLead))).not.toContain(pupil);

    const refused = await itLead.post(`${SAFEGUARDING_ALERTS_PATH}/${alert!.id}/status`, { status: 'in-review', note: null });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'only a DSL may act on an alert of this risk' });
    expect((await itLead.post(`${SAFEGUARDING_ALERTS_PATH}/${alert!.id}/notes`, { note: 'peek' })).status).toBe(403);
    expect((await detail(dsl, alert!.id)).status).toBe('new');
  });

  it('shows an IT Lead a gambling alert in full, and lets them triage it until it is escalated', async () => {
    const pupil = newPupil();
    await post([block(pupil, 'gambling')]);
    const [alert] = await alertsFor(pupil);
    const shown = await detail(itLead, alert!.id);
    expect(shown).toMatchObject({ user: pupil, withheld: false });
    expect(shown.evidence).toHaveLength(1);
    expect(shown.evidence![0]!.host).toBe('gambling-site.example');

    expect((await itLead.post(`${SAFEGUARDING_ALERTS_PATH}/${alert!.id}/status`, { status: 'escalated', note: 'For the DSL' })).status).toBe(200);
    const locked = await itLead.post(`${SAFEGUARDING_ALERTS_PATH}/${alert!.id}/status`, { status: 'resolved', note: 'done' });
    expect(locked.status).toBe(403);
    expect(await locked.json()).toEqual({ error: 'only a DSL may change an escalated alert' });
    expect((await itLead.post(`${SAFEGUARDING_ALERTS_PATH}/${alert!.id}/notes`, { note: 'Also seen on Tuesday' })).status).toBe(200);
    expect((await dsl.post(`${SAFEGUARDING_ALERTS_PATH}/${alert!.id}/status`, { status: 'resolved', note: 'Talked with parents' })).status).toBe(200);
  });

  it('withholds a DSL-only alert from an IT Lead’s subject access export, and gives a DSL’s whole', async () => {
    const pupil = newPupil();
    await post([block(pupil, 'self-harm'), block(pupil, 'gambling')]);
    const exported = async (client: DashboardClient) => {
      const response = await client.get(`/subject-access?user=${encodeURIComponent(pupil)}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { alerts: AlertDetail[] }).alerts;
    };
    const forDsl = await exported(dsl);
    expect(forDsl.map((alert) => [alert.risk, alert.withheld, alert.evidence?.length])).toEqual([
      ['self-harm', false, 1],
      ['gambling', false, 1],
    ]);
    const forItLead = await exported(itLead);
    expect(forItLead.map((alert) => [alert.risk, alert.withheld, alert.evidence, alert.user])).toEqual([
      ['self-harm', true, null, null],
      ['gambling', false, forDsl[1]!.evidence, pupil],
    ]);
  });
});

describe('triage', () => {
  it('records every status change and note in the trail, with who and when, and wants a note to resolve', async () => {
    const pupil = newPupil();
    await post([block(pupil, 'self-harm')]);
    const [alert] = await alertsFor(pupil);
    const path = `${SAFEGUARDING_ALERTS_PATH}/${alert!.id}`;
    server.clock.advanceMinutes(5);
    const reviewing = await dsl.post(`${path}/status`, { status: 'in-review', note: null });
    expect(reviewing.status).toBe(200);
    expect(((await reviewing.json()) as AlertDetail).status).toBe('in-review');
    server.clock.advanceMinutes(5);
    expect((await dsl.post(`${path}/notes`, { note: 'Spoke with the form tutor' })).status).toBe(200);
    server.clock.advanceMinutes(5);
    expect((await dsl.post(`${path}/status`, { status: 'escalated', note: 'Referred to CAMHS' })).status).toBe(200);
    const unexplained = await dsl.post(`${path}/status`, { status: 'resolved', note: '  ' });
    expect(unexplained.status).toBe(400);
    expect(((await unexplained.json()) as { issues: { path: string }[] }).issues.map((issue) => issue.path)).toEqual(['note']);
    server.clock.advanceMinutes(5);
    expect((await dsl.post(`${path}/status`, { status: 'resolved', note: 'Support plan in place' })).status).toBe(200);

    const at = (minutes: number) => new Date(server.clock.now().getTime() - minutes * 60_000).toISOString();
    expect((await detail(dsl, alert!.id)).trail).toEqual([
      { at: at(20), actor: 'endpoint', action: 'opened', status: 'new', severity: 'high', note: null },
      { at: at(15), actor: DSL.username, action: 'status', status: 'in-review', severity: null, note: null },
      { at: at(10), actor: DSL.username, action: 'note', status: null, severity: null, note: 'Spoke with the form tutor' },
      { at: at(5), actor: DSL.username, action: 'status', status: 'escalated', severity: null, note: 'Referred to CAMHS' },
      { at: at(0), actor: DSL.username, action: 'status', status: 'resolved', severity: null, note: 'Support plan in place' },
    ]);
  });

  it('refuses an unknown alert and a change without the CSRF header', async () => {
    expect((await dsl.get(`${SAFEGUARDING_ALERTS_PATH}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await dsl.get(`${SAFEGUARDING_ALERTS_PATH}/not-an-id`)).status).toBe(404);
    const pupil = newPupil();
    await post([block(pupil, 'gambling')]);
    const [alert] = await alertsFor(pupil);
    const response = await server.fetch(`/dashboard/api${SAFEGUARDING_ALERTS_PATH}/${alert!.id}/notes`, {
      method: 'POST',
      headers: { cookie: dsl.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'no header' }),
    });
    expect(response.status).toBe(403);
    expect((await server.fetch(`/dashboard/api${SAFEGUARDING_ALERTS_PATH}`)).status).toBe(401);
  });
});

describe('the queue', () => {
  it('lists open before resolved, most severe first, newest first; filters; pages with the total', async () => {
    const fresh = await startTestServer({ start: START });
    try {
      const client = await signIn(fresh, DSL);
      const send = async (user: string, category: string) => {
        fresh.clock.advanceMinutes(1);
        const response = await fresh.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events: [blockEvent({ user, category: category as 'gambling', time: fresh.clock.now().toISOString() })] }));
        expect(response.status).toBe(200);
      };
      await send('a@school.example', 'gambling');
      await send('b@school.example', 'self-harm');
      await send('c@school.example', 'gambling');
      await send('d@school.example', 'illegal');
      await send('e@school.example', 'drugs');
      const page = async (query: string) => (await (await client.get(`${SAFEGUARDING_ALERTS_PATH}?${query}`)).json()) as AlertPage;
      const resolveFirst = (await page('risk=illegal')).alerts[0]!;
      expect((await client.post(`${SAFEGUARDING_ALERTS_PATH}/${resolveFirst.id}/status`, { status: 'resolved', note: 'Reported to the IWF' })).status).toBe(200);

      const all = await page('');
      expect(all.total).toBe(5);
      expect(all.alerts.map((alert) => [alert.user, alert.severity, alert.status])).toEqual([
        ['b@school.example', 'high', 'new'],
        ['e@school.example', 'medium', 'new'],
        ['c@school.example', 'low', 'new'],
        ['a@school.example', 'low', 'new'],
        ['d@school.example', 'critical', 'resolved'],
      ]);
      const second = await page('limit=2&offset=2');
      expect(second).toMatchObject({ total: 5, offset: 2, limit: 2 });
      expect(second.alerts.map((alert) => alert.user)).toEqual(['c@school.example', 'a@school.example']);
      expect((await page('risk=gambling')).alerts.map((alert) => alert.user)).toEqual(['c@school.example', 'a@school.example']);
      expect((await page('severity=medium')).total).toBe(1);
      expect((await page('status=resolved')).alerts.map((alert) => alert.user)).toEqual(['d@school.example']);
      expect((await client.get(`${SAFEGUARDING_ALERTS_PATH}?limit=201`)).status).toBe(400);
      expect((await client.get(`${SAFEGUARDING_ALERTS_PATH}?risk=nonsense`)).status).toBe(400);
    } finally {
      await fresh.close();
    }
  });

  it('pages an alert’s evidence, newest received first, its count the total', async () => {
    const pupil = newPupil();
    for (let i = 0; i < 3; i++) {
      server.clock.advanceMinutes(60);
      await post([block(pupil, 'gambling', 0, { host: `bet${i}.example` })]);
    }
    const [alert] = await alertsFor(pupil);
    const response = await dsl.get(`${SAFEGUARDING_ALERTS_PATH}/${alert!.id}?evidenceOffset=1&evidenceLimit=1`);
    const shown = (await response.json()) as AlertDetail;
    expect(shown).toMatchObject({ evidenceCount: 3, evidenceOffset: 1, evidenceLimit: 1 });
    expect(shown.evidence!.map((row) => row.host)).toEqual(['bet1.example']);
  });

  it('ages alerts out with retention by their newest evidence, evidence and trail with them', async () => {
    const pupil = newPupil();
    await post([block(pupil, 'drugs')]);
    const [alert] = await alertsFor(pupil);
    const cutoff = new Date(server.clock.now().getTime() + 1);
    const purged = await server.store.privacy.purgeOlderThan(cutoff, server.clock.now());
    expect(purged.alerts).toBeGreaterThanOrEqual(1);
    expect((await dsl.get(`${SAFEGUARDING_ALERTS_PATH}/${alert!.id}`)).status).toBe(404);
    const rows = await server.counts();
    expect([rows.alerts, rows.alert_evidence, rows.alert_trail]).toEqual([0, 0, 0]);
  });
});
