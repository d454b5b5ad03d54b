/**
 * The overview API against the real endpoint: events and reports posted through the device API at
 * known receive times (the test clock), and every expected count worked out here from what was
 * posted. The days are London's (BST, UTC+1, in July): a block received at 23:30 UTC is the next
 * day's. Also: the counts are the database's, read off an index (the query plans), and a bad `days`
 * is refused.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterEvent } from '../../src/events/model';
import { API_PATHS } from '../../src/events/wire';
import type { ReportReason } from '../../src/reports/model';
import type { EventsReply, OverviewDay, OverviewReply } from '../../server/src/dashboard-api/types';
import { SAFEGUARDING_ALERTS_PATH } from '../../server/src/dashboard-api/alert-types';
import type { AlertPage } from '../../server/src/store/alert-rows';
import { signIn, type DashboardClient } from './harness/dashboard';
import { blockEvent, envelope, heartbeatEvent, navigationEvent, report, searchEvent } from './harness/fixtures';
import { DEVICE_TOKEN, IT_LEAD, DSL, jsonPost, startTestServer, type TestServer } from './harness/server';

const NOW = new Date('2026-07-15T10:00:00.000Z');
const STOPS_DEVICE = { directoryId: 'dir-stops', serialNumber: 'SN-STOPS', assetId: '' };

interface Stop {
  receivedAt: string;
  type: 'block' | 'warn';
  category: string;
  /** As the device sends it. */
  host: string;
  /** The time the device claims, when not the receive time. */
  claimed?: string;
}

const stop = (receivedAt: string, type: Stop['type'], category: string, host: string, times = 1, claimed?: string): Stop[] =>
  Array.from({ length: times }, () => ({ receivedAt, type, category, host, ...(claimed ? { claimed } : {}) }));

const STOPS: Stop[] = [
  ...stop('2026-07-15T09:00:00.000Z', 'block', 'gambling', 'bet.example', 3),
  ...stop('2026-07-15T09:00:00.000Z', 'warn', 'social', 'chat.example', 2),
  // 00:30 BST on the 15th: the 15th's, though UTC says the 14th.
  ...stop('2026-07-14T23:30:00.000Z', 'block', 'adult', 'adult.example'),
  // 23:30 BST on the 14th.
  ...stop('2026-07-14T22:30:00.000Z', 'block', 'gambling', 'bet.example'),
  // A device claiming 2020, and one claiming the far future: both counted when they arrived.
  ...stop('2026-07-12T13:00:00.000Z', 'block', 'drugs', 'drugs.example', 1, '2020-01-01T00:00:00.000Z'),
  ...stop('2026-07-11T13:00:00.000Z', 'block', 'drugs', 'drugs.example', 1, '2099-01-01T00:00:00.000Z'),
  ...Array.from({ length: 11 }, (_, i) => stop('2026-07-10T11:00:00.000Z', 'block', 'games', `play${i + 1}.example`)).flat(),
  ...stop('2026-07-09T08:00:00.000Z', 'block', 'gambling', 'casino.example', 2),
  ...stop('2026-07-08T08:00:00.000Z', 'block', 'gambling', 'bet.example'),
  // The illegal feed: the endpoint drops whatever address a device sends.
  ...stop('2026-07-07T10:00:00.000Z', 'block', 'illegal', 'secret.example', 2),
  ...stop('2026-07-06T10:00:00.000Z', 'warn', 'streaming', 'video.example'),
  ...stop('2026-07-05T10:00:00.000Z', 'warn', 'social', 'chat.example'),
  ...stop('2026-07-03T10:00:00.000Z', 'block', 'adult', 'adult.example', 2),
  // 00:10 BST on the 2nd (the first of 14 days), and 23:50 BST on the 1st (the day before).
  ...stop('2026-07-01T23:10:00.000Z', 'block', 'self-harm', 'harm.example'),
  ...stop('2026-07-01T22:50:00.000Z', 'block', 'self-harm', 'harm.example'),
  // Weeks before: only in a longer window.
  ...stop('2026-06-20T10:00:00.000Z', 'block', 'gambling', 'bet.example', 3),
];

interface SentReport {
  receivedAt: string;
  reason: ReportReason;
  /** Chosen here: the reasons the report rules call urgent (stranger contact, unkind to me). */
  urgent: boolean;
  status: 'new' | 'in-review' | 'escalated-to-dsl' | 'resolved';
}

const REPORTS: SentReport[] = [
  { receivedAt: '2026-07-15T08:00:00.000Z', reason: 'unkind-to-me', urgent: true, status: 'new' },
  { receivedAt: '2026-07-15T08:10:00.000Z', reason: 'over-blocking', urgent: false, status: 'in-review' },
  { receivedAt: '2026-07-09T12:00:00.000Z', reason: 'stranger-contact', urgent: true, status: 'escalated-to-dsl' },
  { receivedAt: '2026-07-03T12:00:00.000Z', reason: 'something-else', urgent: false, status: 'resolved' },
  { receivedAt: '2026-06-20T12:00:00.000Z', reason: 'over-blocking', urgent: false, status: 'new' },
];

/** London in July is UTC+1: the local date of a receive time. */
const londonDay = (iso: string) => new Date(Date.parse(iso) + 3_600_000).toISOString().slice(0, 10);

/** The `days` calendar dates ending on NOW's London date, oldest first. */
function windowDays(days: number): string[] {
  const today = Date.parse(`${londonDay(NOW.toISOString())}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

function expectedPerDay(days: number) {
  return windowDays(days).map((day) => ({
    day,
    blocks: STOPS.filter((s) => s.type === 'block' && londonDay(s.receivedAt) === day).length,
    warnings: STOPS.filter((s) => s.type === 'warn' && londonDay(s.receivedAt) === day).length,
    reports: REPORTS.filter((r) => londonDay(r.receivedAt) === day).length,
  }));
}

/**
 * The days' blocks, warnings and reports. The stops here are posted newest first (one batch per receive time,
 * the clock moved back for each), which no device does; the alerts they open are counted by the test below,
 * posted in the order they arrive.
 */
function withoutAlerts(days: readonly OverviewDay[]) {
  return days.map(({ alerts: _alerts, ...rest }) => rest);
}

function blocksIn(days: number): Stop[] {
  const first = windowDays(days)[0]!;
  return STOPS.filter((s) => s.type === 'block' && londonDay(s.receivedAt) >= first);
}

/** Most first, then by name (code-unit order), the site-less row after named ones with as many. */
function ranked<K extends string | null>(counts: Map<K, number>): { key: K; blocks: number }[] {
  return [...counts]
    .map(([key, blocks]) => ({ key, blocks }))
    .sort((a, b) => b.blocks - a.blocks || Number(a.key === null) - Number(b.key === null) || (a.key! < b.key! ? -1 : a.key! > b.key! ? 1 : 0));
}

function tally<K>(keys: K[]): Map<K, number> {
  const counts = new Map<K, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

let server: TestServer;
let itLead: DashboardClient;
let empty: TestServer;

async function post(path: string, body: unknown, at: string): Promise<Response> {
  server.clock.set(new Date(at));
  return server.fetch(path, jsonPost(DEVICE_TOKEN, body));
}

function eventOf(s: Stop): FilterEvent {
  return { ...envelope({ device: STOPS_DEVICE, time: s.claimed ?? s.receivedAt }), type: s.type, category: s.category, host: s.host } as FilterEvent;
}

beforeAll(async () => {
  [server, empty] = await Promise.all([
    startTestServer({ start: NOW, config: { timeZone: 'Europe/London' } }),
    startTestServer({ start: NOW, config: { timeZone: 'Europe/London' } }),
  ]);
  // One batch per receive time, as devices upload.
  for (const at of new Set(STOPS.map((s) => s.receivedAt))) {
    const stops = STOPS.filter((s) => s.receivedAt === at);
    expect((await post(API_PATHS.events, { events: stops.map(eventOf) }, at)).status).toBe(200);
  }
  // Not stops: navigations, searches and a device's report pointer (with a category) count as none of them.
  const noise = [
    navigationEvent('bet.example', { device: STOPS_DEVICE }),
    searchEvent('homework', { device: STOPS_DEVICE }),
    { ...envelope({ device: STOPS_DEVICE }), type: 'report', reportId: randomUUID(), category: 'gambling', host: 'bet.example' } as FilterEvent,
  ];
  expect((await post(API_PATHS.events, { events: noise }, '2026-07-15T09:30:00.000Z')).status).toBe(200);
  const ids: string[] = [];
  for (const sent of REPORTS) {
    const body = report({ reason: sent.reason, time: sent.receivedAt, category: null });
    ids.push(body.id);
    expect((await post(API_PATHS.reports, body, sent.receivedAt)).status).toBe(201);
  }
  // Devices: the stops' device heard from 5 minutes ago, one quiet for 45 minutes, one that never sent a heartbeat.
  const quiet = { directoryId: 'dir-quiet', serialNumber: 'SN-QUIET', assetId: '' };
  const never = { directoryId: 'dir-never', serialNumber: 'SN-NEVER', assetId: '' };
  expect((await post(API_PATHS.events, { events: [heartbeatEvent({ device: quiet, time: '2026-07-15T09:15:00.000Z' })] }, '2026-07-15T09:15:00.000Z')).status).toBe(200);
  expect((await post(API_PATHS.events, { events: [navigationEvent('school.example', { device: never, time: '2026-07-15T09:50:00.000Z' })] }, '2026-07-15T09:50:00.000Z')).status).toBe(200);
  expect((await post(API_PATHS.events, { events: [heartbeatEvent({ device: STOPS_DEVICE, time: '2026-07-15T09:55:00.000Z' })] }, '2026-07-15T09:55:00.000Z')).status).toBe(200);

  server.clock.set(NOW);
  itLead = await signIn(server, IT_LEAD);
  const dsl = await signIn(server, DSL);
  for (const [index, sent] of REPORTS.entries()) {
    if (sent.status === 'new') continue;
    expect((await dsl.post(`/reports/${ids[index]}/status`, { status: sent.status })).status).toBe(200);
  }
});

afterAll(async () => {
  await server?.close();
  await empty?.close();
});

async function overview(client: DashboardClient, query = ''): Promise<OverviewReply> {
  const response = await client.get(`/overview${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as OverviewReply;
}

describe('GET /dashboard/api/overview', () => {
  it('counts blocks, warnings and reports on each of the last 14 London days, by when they arrived', async () => {
    const reply = await overview(itLead);
    expect(reply.window).toEqual({ days: 14, timeZone: 'Europe/London', from: '2026-07-01T23:00:00.000Z', to: '2026-07-15T23:00:00.000Z' });
    expect(withoutAlerts(reply.perDay)).toEqual(expectedPerDay(14));
    // The checks above mean something: the window holds stops and reports on several days.
    expect(reply.perDay.filter((day) => day.blocks > 0)).toHaveLength(10);
    expect(withoutAlerts(reply.perDay).find((day) => day.day === '2026-07-15')).toEqual({ day: '2026-07-15', blocks: 4, warnings: 2, reports: 2 });
  });

  it('widens to 30 days when asked, taking in what arrived weeks ago', async () => {
    const reply = await overview(itLead, '?days=30');
    expect(withoutAlerts(reply.perDay)).toEqual(expectedPerDay(30));
    expect(reply.perDay.reduce((sum, day) => sum + day.blocks, 0)).toBe(blocksIn(30).length);
    expect(blocksIn(30).length).toBeGreaterThan(blocksIn(14).length);
  });

  it('ranks the categories blocked, most first, ties by name', async () => {
    const reply = await overview(itLead);
    const expected = ranked(tally(blocksIn(14).map((s) => s.category)));
    expect(reply.blockedCategories).toEqual(expected.map(({ key, blocks }) => ({ category: key, blocks })));
    expect(reply.blockedCategories.map((row) => row.category)).toEqual(['games', 'gambling', 'adult', 'drugs', 'illegal', 'self-harm']);
  });

  it('ranks the top 10 sites by host, counts the illegal feed’s blocks without a site, and says how many sites there were', async () => {
    const reply = await overview(itLead);
    // The endpoint stores no address for an illegal-feed block, whatever the device sent.
    const counts = tally(blocksIn(14).map((s) => (s.category === 'illegal' ? null : s.host)));
    const expected = ranked(counts);
    expect(reply.blockedSites.named).toBe(counts.size - 1);
    expect(reply.blockedSites.withoutAddress).toBe(counts.get(null));
    expect(reply.blockedSites.sites).toEqual(expected.slice(0, 10).map(({ key, blocks }) => ({ host: key, blocks })));
    expect(reply.blockedSites.sites.find((row) => row.host === null)).toEqual({ host: null, blocks: 2 });
    expect(JSON.stringify(reply)).not.toContain('secret.example');
  });

  it('counts open reports by status, urgent ones too', async () => {
    const reply = await overview(itLead);
    const open = REPORTS.filter((r) => r.status !== 'resolved');
    expect(reply.openReports).toEqual({
      total: open.length,
      urgent: open.filter((r) => r.urgent).length,
      byStatus: (['new', 'in-review', 'escalated-to-dsl'] as const).map((status) => ({
        status,
        reports: open.filter((r) => r.status === status).length,
        urgent: open.filter((r) => r.status === status && r.urgent).length,
      })),
    });
  });

  it('counts devices gone silent: no heartbeat for heartbeatStaleMinutes (30 by default), or none ever', async () => {
    const reply = await overview(itLead);
    expect(reply.silentDevices).toEqual({ silent: 2, devices: 3, heartbeatStaleMinutes: 30 });
  });

  it('on an endpoint with nothing yet, answers every day with zeros and empty lists', async () => {
    const client = await signIn(empty, IT_LEAD);
    const reply = await overview(client, '?days=7');
    expect(reply.perDay).toEqual(windowDays(7).map((day) => ({ day, blocks: 0, warnings: 0, reports: 0, alerts: 0 })));
    expect(reply.blockedCategories).toEqual([]);
    expect(reply.blockedSites).toEqual({ sites: [], named: 0, withoutAddress: 0 });
    expect(reply.openReports.total).toBe(0);
    expect(reply.silentDevices).toEqual({ silent: 0, devices: 0, heartbeatStaleMinutes: 30 });
  });

  it.each(['0', '91', '-3', '1.5', 'fortnight', ''])('refuses days=%s with a 400 that says why', async (days) => {
    const response = await itLead.get(`/overview?days=${days}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; issues: { path: string }[] };
    expect(body.error).toBe('invalid query');
    expect(body.issues[0]!.path).toBe('days');
  });

  it('takes 90 days, and needs a signed-in session', async () => {
    expect((await overview(itLead, '?days=90')).perDay).toHaveLength(90);
    expect((await server.fetch('/dashboard/api/overview')).status).toBe(401);
  });
});

describe('safeguarding alerts on the overview', () => {
  it('counts alerts opened per day and the open ones by severity, most severe first', async () => {
    const alerting = await startTestServer({ start: NOW, config: { timeZone: 'Europe/London' } });
    try {
      const at = async (when: string, events: FilterEvent[]) => {
        alerting.clock.set(new Date(when));
        expect((await alerting.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events }))).status).toBe(200);
      };
      // The 14th (London): a self-harm block (high) and a search asking how to overdose (critical), two pupils.
      await at('2026-07-14T09:00:00.000Z', [blockEvent({ user: 'one@school.example', category: 'self-harm', host: 'harm.example', time: '2026-07-14T09:00:00.000Z' })]);
      await at('2026-07-14T09:05:00.000Z', [searchEvent('how many paracetamol to die', { user: 'two@school.example', time: '2026-07-14T09:05:00.000Z' })]);
      // The 15th: a gambling block (low), and another from the same pupil that joins the same alert.
      await at('2026-07-15T08:00:00.000Z', [blockEvent({ user: 'three@school.example', category: 'gambling', host: 'bet.example', time: '2026-07-15T08:00:00.000Z' })]);
      await at('2026-07-15T08:30:00.000Z', [blockEvent({ user: 'three@school.example', category: 'gambling', host: 'bet.example', time: '2026-07-15T08:30:00.000Z' })]);
      alerting.clock.set(NOW);
      const dsl = await signIn(alerting, DSL);
      const gambling = ((await (await dsl.get(`${SAFEGUARDING_ALERTS_PATH}?risk=gambling`)).json()) as AlertPage).alerts;
      expect(gambling).toHaveLength(1);
      expect((await dsl.post(`${SAFEGUARDING_ALERTS_PATH}/${gambling[0]!.id}/status`, { status: 'resolved', note: 'spoke to the pupil' })).status).toBe(200);

      // What an IT Lead reads too: counts, never who.
      const reply = await overview(await signIn(alerting, IT_LEAD), '?days=7');
      expect(reply.perDay.filter((day) => day.alerts > 0).map((day) => [day.day, day.alerts])).toEqual([
        ['2026-07-14', 2],
        ['2026-07-15', 1],
      ]);
      expect(reply.openAlerts).toEqual({
        total: 2,
        bySeverity: [
          { severity: 'critical', alerts: 1 },
          { severity: 'high', alerts: 1 },
          { severity: 'medium', alerts: 0 },
          { severity: 'low', alerts: 0 },
        ],
      });
      expect(JSON.stringify(reply)).not.toContain('@school.example');
    } finally {
      await alerting.close();
    }
  });
});

describe('log search by site (where the overview’s sites link)', () => {
  it('finds every block on one host, and no other', async () => {
    const response = await itLead.get('/events?type=block&host=bet.example');
    const reply = (await response.json()) as EventsReply;
    expect(reply.events).toHaveLength(STOPS.filter((s) => s.type === 'block' && s.host === 'bet.example').length);
    expect(reply.events.every((row) => row.event.type === 'block' && row.event.host === 'bet.example')).toBe(true);
  });
});
