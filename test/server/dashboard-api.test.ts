/**
 * The dashboard's JSON API against the real endpoint: the reports queue and
 * its audit trail, alerts, log search and CSV export, the allowlist audit,
 * devices and rosters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { activeOverridesPath, deviceOverridesReplySchema } from '../../src/overrides/model';
import { allowlistAuditRow } from '../../server/dashboard/src/allowlist-audit';
import { when } from '../../server/dashboard/src/format';
import { parseCsv } from '../../server/src/csv/parse';
import { EVENT_CSV_HEADER } from '../../server/src/csv/event-columns';
import type { AlertsReply, DevicesReply, EventsReply, OverridesReply, ReportReply, ReportsReply, RostersReply } from '../../server/src/dashboard-api/types';
import { signIn, type DashboardClient } from './harness/dashboard';
import { blockEvent, heartbeatEvent, navigationEvent, overrideRequest, report, searchEvent, TINY_JPEG_BASE64 } from './harness/fixtures';
import { bearer, DEVICE_TOKEN, DSL, IT_LEAD, jsonPost, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

const START = new Date('2025-05-12T09:00:00.000Z');
let server: TestServer;
let itLead: DashboardClient;
let dsl: DashboardClient;

beforeAll(async () => {
  server = await startTestServer({ start: START });
  itLead = await signIn(server, IT_LEAD);
  dsl = await signIn(server, DSL);
});
afterAll(() => server.close());

const postEvents = (events: unknown[]) => server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events }));
const postReport = (body: unknown) => server.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, body));
const minutesAfterStart = (minutes: number) => new Date(START.getTime() + minutes * 60_000).toISOString();

describe('reports queue', () => {
  const calm = report({ reason: 'over-blocking', time: minutesAfterStart(-30) });
  const urgent = report({ reason: 'unkind-to-me', time: minutesAfterStart(-20), screenshot: { mime: 'image/jpeg', base64: TINY_JPEG_BASE64 } });
  const later = report({ reason: 'something-else', time: minutesAfterStart(-10) });

  beforeAll(async () => {
    for (const sent of [calm, urgent]) expect((await postReport(sent)).status).toBe(201);
    server.clock.advanceMinutes(1);
    expect((await postReport(later)).status).toBe(201);
  });

  it('lists urgent reports first, then newest first', async () => {
    const { reports } = (await (await itLead.get('/reports')).json()) as ReportsReply;
    expect(reports.map((r) => r.id)).toEqual([urgent.id, later.id, calm.id]);
    expect(reports[0]).toMatchObject({ urgent: true, status: 'new', hasScreenshot: true });
  });

  it('changes status with a note, keeping who and when in the trail', async () => {
    server.clock.advanceMinutes(5);
    const response = await itLead.post(`/reports/${calm.id}/status`, { status: 'in-review', note: 'Checking the site' });
    expect(response.status).toBe(200);
    await itLead.post(`/reports/${calm.id}/notes`, { note: 'Site is a games portal, fine to unblock' });
    await itLead.post(`/reports/${calm.id}/status`, { status: 'resolved', note: null });
    const detail = (await (await itLead.get(`/reports/${calm.id}`)).json()) as ReportReply;
    expect(detail.status).toBe('resolved');
    expect(detail.trail.map(({ actor, action, status, note }) => ({ actor, action, status, note }))).toEqual([
      { actor: 'device:pupils', action: 'received', status: 'new', note: null },
      { actor: 'itlead', action: 'status', status: 'in-review', note: 'Checking the site' },
      { actor: 'itlead', action: 'note', status: null, note: 'Site is a games portal, fine to unblock' },
      { actor: 'itlead', action: 'status', status: 'resolved', note: null },
    ]);
    expect(detail.trail[1]!.at).toBe(server.clock.now().toISOString());
    // Resolved reports go to the end of the queue.
    const { reports } = (await (await itLead.get('/reports')).json()) as ReportsReply;
    expect(reports.at(-1)!.id).toBe(calm.id);
  });

  it('once escalated to the DSL, only a DSL changes it', async () => {
    expect((await itLead.post(`/reports/${urgent.id}/status`, { status: 'escalated-to-dsl', note: 'Contact from a stranger' })).status).toBe(200);
    expect((await itLead.post(`/reports/${urgent.id}/status`, { status: 'resolved' })).status).toBe(403);
    expect((await dsl.post(`/reports/${urgent.id}/status`, { status: 'in-review', note: 'Spoke to the pupil' })).status).toBe(200);
    const detail = (await (await dsl.get(`/reports/${urgent.id}`)).json()) as ReportReply;
    expect(detail.trail.map((entry) => `${entry.actor}:${entry.status}`)).toEqual(['device:pupils:new', 'itlead:escalated-to-dsl', 'dsl:in-review']);
  });

  it('serves the screenshot as a JPEG, and 404s what is not there', async () => {
    const response = await itLead.get(`/reports/${urgent.id}/screenshot`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(TINY_JPEG_BASE64, 'base64'))).toBe(true);
    expect((await itLead.get(`/reports/${calm.id}/screenshot`)).status).toBe(404);
    expect((await itLead.get('/reports/not-an-id')).status).toBe(404);
  });

  it('refuses an unknown status or an empty note', async () => {
    expect((await itLead.post(`/reports/${later.id}/status`, { status: 'deleted' })).status).toBe(400);
    expect((await itLead.post(`/reports/${later.id}/notes`, { note: '  ' })).status).toBe(400);
  });
});

describe('alerts', () => {
  it('shows blocks in the alert categories, urgent open reports, and devices whose heartbeat stopped', async () => {
    const quiet = { directoryId: 'dir-quiet', serialNumber: 'SNQ', assetId: 'AQ' };
    const alive = { directoryId: 'dir-alive', serialNumber: 'SNA', assetId: 'AA' };
    const now = server.clock.now().getTime();
    await postEvents([
      blockEvent({ category: 'self-harm', host: 'harm.example', user: 'worry@school.example' }),
      blockEvent({ category: 'extremism', host: 'extreme.example' }),
      blockEvent({ category: 'gambling', host: 'bet.example' }),
      heartbeatEvent({ device: quiet, time: new Date(now - 45 * 60_000).toISOString() }),
      heartbeatEvent({ device: alive, time: new Date(now - 5 * 60_000).toISOString() }),
    ]);
    // The DSL's view: every pupil. An IT Lead sees self-harm blocks only as a count (below).
    const alerts = (await (await dsl.get('/alerts')).json()) as AlertsReply;
    expect(alerts.alertCategories).toEqual(['illegal', 'self-harm', 'extremism']);
    expect(alerts.blockGroups.map((group) => group.category)).toEqual(['illegal', 'self-harm', 'extremism']);
    const blocks = alerts.blockGroups.flatMap((group) => group.blocks);
    expect(blocks.map((row) => 'host' in row.event && row.event.host).sort()).toEqual(['extreme.example', 'harm.example']);
    expect(alerts.blockGroups.every((group) => !group.truncated && group.next === null && group.total === group.blocks.length)).toBe(true);
    const staleIds = alerts.staleDevices.map((device) => device.directoryId);
    expect(staleIds).toContain('dir-quiet');
    expect(staleIds).not.toContain('dir-alive');
    expect(alerts.urgentReports.reports.length).toBeGreaterThan(0);
    expect(alerts.urgentReports.total).toBe(alerts.urgentReports.reports.length);
    expect(alerts.urgentReports.reports.every((r) => r.urgent && r.status !== 'resolved')).toBe(true);

    // Self-harm blocks name pupils at risk: an IT Lead is told how many, never who (monitoring/visibility.ts).
    const asItLead = (await (await itLead.get('/alerts')).json()) as AlertsReply;
    const byCategory = new Map(asItLead.blockGroups.map((group) => [group.category, group]));
    expect(byCategory.get('self-harm')).toMatchObject({ total: 1, blocks: [], withheld: true });
    expect(JSON.stringify(asItLead)).not.toContain('worry@school.example');
    expect(byCategory.get('extremism')).toMatchObject({ total: 1, withheld: false });
    expect(byCategory.get('extremism')!.blocks).toHaveLength(1);
  });
});

describe('log search and CSV export', () => {
  const device = { directoryId: 'dir-search', serialNumber: 'SN-SEARCH', assetId: 'ASSET-SEARCH' };
  const who = 'searcher@school.example';

  beforeAll(async () => {
    await postEvents([
      searchEvent('=HYPERLINK("http://evil.example","click")', { user: who, device, time: minutesAfterStart(-120) }),
      searchEvent('+cmd|" /C calc"!A0', { user: who, device, time: minutesAfterStart(-110) }),
      searchEvent('-2+3', { user: who, device, time: minutesAfterStart(-100) }),
      searchEvent('@SUM(A1:A2)', { user: who, device, time: minutesAfterStart(-90) }),
      searchEvent('comma, "quotes" and\na newline', { user: who, device, time: minutesAfterStart(-80) }),
      blockEvent({ user: who, device, category: 'adult', host: 'adult.example', time: minutesAfterStart(-70) }),
      navigationEvent('elsewhere.example', { user: 'someone.else@school.example', time: minutesAfterStart(-60) }),
    ]);
  });

  async function search(query: string): Promise<EventsReply> {
    const response = await itLead.get(`/events?${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as EventsReply;
  }

  it('filters by user (any case), device, category, type and time range', async () => {
    expect((await search(`user=${encodeURIComponent('SEARCHER@school.example')}`)).events).toHaveLength(6);
    expect((await search('device=SN-SEARCH')).events).toHaveLength(6);
    expect((await search('device=ASSET-SEARCH&type=block')).events.map((row) => row.event.type)).toEqual(['block']);
    expect((await search('category=adult&device=dir-search')).events).toHaveLength(1);
    const window = await search(`user=${who}&from=${minutesAfterStart(-115)}&to=${minutesAfterStart(-85)}`);
    expect(window.events.map((row) => (row.event.type === 'search' ? row.event.query : ''))).toEqual(['@SUM(A1:A2)', '-2+3', '+cmd|" /C calc"!A0']);
    const limited = await search(`user=${who}&limit=2`);
    expect(limited.events).toHaveLength(2);
    expect(limited.truncated).toBe(true);
    expect((await itLead.get('/events?type=keylogger')).status).toBe(400);
  });

  it('exports RFC 4180 CSV with formula-like cells neutralised', async () => {
    const response = await itLead.get(`/events.csv?user=${who}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="school-filter-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await response.text();
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(EVENT_CSV_HEADER.join(','));
    const records = parseCsv(text);
    expect(records).toHaveLength(7);
    const terms = records.slice(1).map((record) => record.cells[EVENT_CSV_HEADER.indexOf('search term')]);
    expect(terms).toEqual(['', 'comma, "quotes" and\na newline', "'@SUM(A1:A2)", "'-2+3", `'+cmd|" /C calc"!A0`, `'=HYPERLINK("http://evil.example","click")`]);
    // No cell a spreadsheet would evaluate.
    for (const record of records) for (const cell of record.cells) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    const block = records.find((record) => record.cells[2] === 'block')!;
    expect(block.cells.slice(3, 12)).toEqual([who, 'Y9', 'pupil', 'dir-search', 'SN-SEARCH', 'ASSET-SEARCH', '127.0.0.1', 'adult', 'adult.example']);
  });
});

describe('allowlist audit', () => {
  it('shows who opened what (and through which token, from where), for whom, why, when, and when it ended', async () => {
    const now = server.clock.now();
    const first = overrideRequest({ reason: 'Y9 history: propaganda posters', audience: { yearGroups: ['Y9'], classes: ['9H/Hi2'], pupils: ['a.pupil@school.example'] } }, now);
    const second = overrideRequest({ reason: 'Science video', createdBy: 'science.teacher@school.example' }, now);
    for (const request of [first, second]) expect((await server.fetch(API_PATHS.overrides, jsonPost(STAFF_TOKEN, request))).status).toBe(201);
    server.clock.advanceMinutes(10);
    await server.fetch(`${API_PATHS.overrides}/${second.id}/end`, jsonPost(STAFF_TOKEN, { endedBy: 'science.teacher@school.example' }));
    const { overrides } = (await (await dsl.get('/overrides')).json()) as OverridesReply;
    const byId = new Map(overrides.map((o) => [o.id, o]));
    expect(byId.get(first.id)).toMatchObject({
      status: 'active',
      createdBy: 'teacher@school.example',
      reason: 'Y9 history: propaganda posters',
      domains: ['games.example'],
      audience: { yearGroups: ['Y9'], classes: ['9H/Hi2'], pupils: ['a.pupil@school.example'] },
      startsAt: first.startsAt,
      endsAt: first.endsAt,
      endedAt: null,
      tokenLabel: 'staff',
      clientIp: '127.0.0.1',
      createdAt: now.toISOString(),
    });
    expect(byId.get(second.id)).toMatchObject({ status: 'ended', endedBy: 'science.teacher@school.example', endedAt: server.clock.now().toISOString() });
    // What the audit page shows of them (the view lays these strings out as table cells).
    expect(allowlistAuditRow(byId.get(first.id)!)).toEqual({
      status: 'active',
      // No identityProof in this server's config: the device's word, and said so.
      openedBy: "teacher@school.example (unverified: the device's word only)",
      openedThrough: 'token "staff" from 127.0.0.1',
      openedAt: when(now.toISOString()),
      sites: 'games.example',
      audience: 'Y9, class 9H/Hi2, a.pupil@school.example',
      reason: 'Y9 history: propaganda posters',
      startsAt: when(first.startsAt),
      endsAt: when(first.endsAt),
      ended: '—',
    });
    expect(allowlistAuditRow(byId.get(second.id)!)).toMatchObject({ status: 'ended', ended: `${when(server.clock.now().toISOString())} by science.teacher@school.example (unverified: the device's word only)` });
    server.clock.advanceMinutes(60);
    const later = (await (await dsl.get('/overrides')).json()) as OverridesReply;
    expect(later.overrides.find((o) => o.id === first.id)!.status).toBe('expired');
  });
});

describe('devices', () => {
  it('lists last seen, extension version, policy hash, and whether the heartbeat is stale', async () => {
    const device = { directoryId: 'dir-listed', serialNumber: 'SN-L', assetId: 'A-L' };
    await postEvents([heartbeatEvent({ device, extensionVersion: '1.2.3', time: server.clock.now().toISOString() }, 'f'.repeat(64))]);
    const { devices, heartbeatStaleMinutes } = (await (await itLead.get('/devices')).json()) as DevicesReply;
    expect(heartbeatStaleMinutes).toBe(30);
    expect(devices.find((d) => d.directoryId === 'dir-listed')).toMatchObject({
      extensionVersion: '1.2.3',
      policyHash: 'f'.repeat(64),
      lastSeenAt: server.clock.now().toISOString(),
      stale: false,
      lastUser: 'pupil.one@school.example',
    });
  });
});

describe('rosters', () => {
  it('takes a CSV upload (header, quotes, BOM, CRLF) and puts pupils in classes that allowlists can name', async () => {
    const csv = '\uFEFFClass,Pupil email\r\n"8B/Ma1",first.pupil@school.example\r\n8B/Ma1,"Second.Pupil@School.Example"\r\n"7C, set 2",third.pupil@school.example\r\n';
    const response = await itLead.post('/rosters', csv, 'text/csv');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ classes: 2, pupils: 3 });
    const { classes } = (await (await itLead.get('/rosters')).json()) as RostersReply;
    expect(classes.map((c) => [c.className, c.pupils])).toEqual([
      ['7C, set 2', ['third.pupil@school.example']],
      ['8B/Ma1', ['first.pupil@school.example', 'second.pupil@school.example']],
    ]);
    expect(classes[0]!.uploadedBy).toBe('itlead');

    const lesson = overrideRequest({ audience: { yearGroups: [], classes: ['8b/ma1'], pupils: [] } }, server.clock.now());
    expect((await server.fetch(API_PATHS.overrides, jsonPost(STAFF_TOKEN, lesson))).status).toBe(201);
    const active = async (user: string) =>
      deviceOverridesReplySchema.parse(await (await server.fetch(activeOverridesPath(user, null), { headers: bearer(DEVICE_TOKEN) })).json()).overrides.map((o) => o.id);
    expect(await active('second.pupil@school.example')).toContain(lesson.id);

    // A new upload for 8B/Ma1 replaces that class only.
    expect(await (await itLead.post('/rosters', '8B/MA1,fourth.pupil@school.example\n', 'text/csv')).json()).toEqual({ classes: 1, pupils: 1 });
    expect(await active('second.pupil@school.example')).not.toContain(lesson.id);
    expect(await active('fourth.pupil@school.example')).toContain(lesson.id);
    const after = (await (await itLead.get('/rosters')).json()) as RostersReply;
    expect(after.classes.find((c) => c.className === '7C, set 2')!.pupils).toEqual(['third.pupil@school.example']);
  });

  it('refuses a roster with any bad line, changing nothing', async () => {
    const before = (await server.counts()).roster;
    const response = await itLead.post('/rosters', '9A,ok@school.example\n9A,not an email\n9A\n', 'text/csv');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string }[] };
    expect(body.issues.map((issue) => issue.path)).toEqual(['line 2', 'line 3']);
    expect((await server.counts()).roster).toBe(before);
    expect((await itLead.post('/rosters', { class: '9A' })).status).toBe(415);
  });
});
