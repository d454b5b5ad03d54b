/**
 * Schools within a trust (issue 22): every record carries the school of the token that wrote it, never the
 * body's; a school's staff read and change only their school's records (another school's is not found); the
 * trust's staff see every school's, each record naming its school, and filter by school. Runs on both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { activeOverridesPath, CLASSES_PATH, overrideEndPath } from '../../src/overrides/model';
import { signIn, type DashboardClient } from './harness/dashboard';
import { blockEvent, envelope, heartbeatEvent, overrideRequest, report } from './harness/fixtures';
import { bearer, jsonPost, startTestServer, type TestServer } from './harness/server';
import { NORTH, NORTH_IT_LEAD, SOUTH, SOUTH_IT_LEAD, TRUST_DSL, TRUST_TOKENS, trustConfig } from './harness/trust';

let server: TestServer;
let north: DashboardClient;
let south: DashboardClient;
let trust: DashboardClient;

const NORTH_PUPIL = 'pupil@north.example';
const SOUTH_PUPIL = 'pupil@south.example';
const northReport = report({ user: NORTH_PUPIL, url: 'https://north-worry.example/' });
const southReport = report({ user: SOUTH_PUPIL, url: 'https://south-worry.example/' });
const northAllowlist = overrideRequest({ createdBy: 'teacher@north.example', audience: { yearGroups: ['Y9'], classes: [], pupils: [] } });
const southAllowlist = overrideRequest({ createdBy: 'teacher@south.example', audience: { yearGroups: ['Y9'], classes: [], pupils: [] } });

const post = (token: string, path: string, body: unknown) => server.fetch(path, jsonPost(token, body));
const json = async <T>(response: Response): Promise<T> => {
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
};

beforeAll(async () => {
  server = await startTestServer({ config: await trustConfig() });
  const now = server.clock.now();
  for (const allowlist of [northAllowlist, southAllowlist]) {
    allowlist.startsAt = new Date(now.getTime() - 60_000).toISOString();
    allowlist.endsAt = new Date(now.getTime() + 50 * 60_000).toISOString();
  }
  // Each school's device posts its pupil's events (a self-harm block opens an alert) and a report.
  const events = (user: string, device: string) => [
    blockEvent({ ...envelope({ user, device: { directoryId: device, serialNumber: device, assetId: device } }), category: 'self-harm', host: 'harm.example' }),
    heartbeatEvent({ user, device: { directoryId: device, serialNumber: device, assetId: device } }),
  ];
  expect((await post(TRUST_TOKENS.northPupils, API_PATHS.events, { events: events(NORTH_PUPIL, 'north-device') })).status).toBe(200);
  expect((await post(TRUST_TOKENS.southPupils, API_PATHS.events, { events: events(SOUTH_PUPIL, 'south-device') })).status).toBe(200);
  expect((await post(TRUST_TOKENS.northPupils, API_PATHS.reports, northReport)).status).toBe(201);
  expect((await post(TRUST_TOKENS.southPupils, API_PATHS.reports, southReport)).status).toBe(201);
  expect((await post(TRUST_TOKENS.northStaff, API_PATHS.overrides, northAllowlist)).status).toBe(201);
  expect((await post(TRUST_TOKENS.southStaff, API_PATHS.overrides, southAllowlist)).status).toBe(201);
  [north, south, trust] = await Promise.all([signIn(server, NORTH_IT_LEAD), signIn(server, SOUTH_IT_LEAD), signIn(server, TRUST_DSL)]);
  // Each school's roster, both with a class 9X (every school has one), uploaded by the trust's DSL choosing the school.
  expect((await trust.post(`/rosters?school=${NORTH.id}`, 'class,pupil\n9X,in.north@north.example\n', 'text/csv')).status).toBe(200);
  expect((await trust.post(`/rosters?school=${SOUTH.id}`, 'class,pupil\n9X,in.south@south.example\n9Y,other@south.example\n', 'text/csv')).status).toBe(200);
});
afterAll(async () => {
  await server.close();
});

describe('every record carries the school of the token that wrote it', () => {
  it('stores events, devices, reports, alerts and allowlists as the sending token’s school', async () => {
    const schoolOf = async (table: string, where: string, value: string) => (await server.rows<{ school: string }>(`SELECT school FROM ${table} WHERE ${where} = ?`, [value])).map((row) => row.school);
    expect(await schoolOf('events', '"user"', NORTH_PUPIL)).toEqual([NORTH.id, NORTH.id]);
    expect(await schoolOf('events', '"user"', SOUTH_PUPIL)).toEqual([SOUTH.id, SOUTH.id]);
    expect(await schoolOf('devices', 'key', 'directory:north-device')).toEqual([NORTH.id]);
    expect(await schoolOf('reports', 'id', northReport.id)).toEqual([NORTH.id]);
    expect(await schoolOf('reports', 'id', southReport.id)).toEqual([SOUTH.id]);
    expect(await schoolOf('alerts', '"user"', NORTH_PUPIL)).toEqual([NORTH.id]);
    expect(await schoolOf('alerts', '"user"', SOUTH_PUPIL)).toEqual([SOUTH.id]);
    expect(await schoolOf('overrides', 'id', northAllowlist.id)).toEqual([NORTH.id]);
    expect((await server.rows<{ school: string; class_name: string }>('SELECT school, class_name FROM roster ORDER BY school, class_name')).map((row) => `${row.school}/${row.class_name}`)).toEqual([
      'north/9X',
      'south/9X',
      'south/9Y',
    ]);
  });

  it('takes no school from a body: a report or allowlist naming another school is its token’s', async () => {
    const sneaky = { ...report({ user: NORTH_PUPIL }), school: SOUTH.id };
    const response = await post(TRUST_TOKENS.northPupils, API_PATHS.reports, sneaky);
    expect([201, 400]).toContain(response.status);
    const allowlist = { ...overrideRequest({ createdBy: 'teacher@north.example' }, server.clock.now()), school: SOUTH.id };
    const created = await post(TRUST_TOKENS.northStaff, API_PATHS.overrides, allowlist);
    expect([201, 400]).toContain(created.status);
    const held = await server.rows<{ school: string }>('SELECT school FROM reports WHERE id = ? UNION ALL SELECT school FROM overrides WHERE id = ?', [sneaky.id, allowlist.id]);
    expect(held.every((row) => row.school === NORTH.id)).toBe(true);
    // A roster a school's IT Lead uploads naming another school is their own school's.
    expect((await north.post(`/rosters?school=${SOUTH.id}`, 'class,pupil\n7Q,new@north.example\n', 'text/csv')).status).toBe(200);
    expect(await server.rows('SELECT school FROM roster WHERE class_name = ?', ['7Q'])).toEqual([{ school: NORTH.id }]);
  });

  it('keeps a rotated label’s school on the token it issues', async () => {
    const rotated = await json<{ token: string }>(await north.post('/tokens/rotate', { label: 'north-pupils', graceDays: 1 }));
    expect(await server.rows('SELECT school FROM issued_tokens WHERE label = ?', ['north-pupils'])).toEqual([{ school: NORTH.id }]);
    // The new token writes north's records.
    const event = blockEvent({ ...envelope({ user: 'rotated@north.example' }) });
    expect((await post(rotated.token, API_PATHS.events, { events: [event] })).status).toBe(200);
    expect(await server.rows('SELECT school FROM events WHERE id = ?', [event.id])).toEqual([{ school: NORTH.id }]);
  });
});

describe('devices and staff tokens see only their school', () => {
  it('answers GET /v1/overrides with the caller’s school’s allowlists only', async () => {
    const idsFor = async (token: string) => (await json<{ overrides: { id: string }[] }>(await server.fetch(activeOverridesPath('someone@example.com', 'Y9'), { headers: bearer(token) }))).overrides.map((o) => o.id);
    expect(await idsFor(TRUST_TOKENS.northPupils)).toContain(northAllowlist.id);
    expect(await idsFor(TRUST_TOKENS.northPupils)).not.toContain(southAllowlist.id);
    expect(await idsFor(TRUST_TOKENS.southPupils)).toEqual([southAllowlist.id]);
  });

  it('lists only the staff token’s school’s classes in the picker', async () => {
    const names = async (token: string) => (await json<{ classes: { name: string; pupils: number }[] }>(await server.fetch(CLASSES_PATH, { headers: bearer(token) }))).classes;
    expect(await names(TRUST_TOKENS.southStaff)).toEqual([
      { name: '9X', pupils: 1 },
      { name: '9Y', pupils: 1 },
    ]);
    expect((await names(TRUST_TOKENS.northStaff)).map((c) => c.name)).not.toContain('9Y');
  });

  it('lets a staff token end only its own school’s allowlists: another school’s is not found and stays in force', async () => {
    const refused = await post(TRUST_TOKENS.northStaff, overrideEndPath(southAllowlist.id), { endedBy: 'teacher@north.example' });
    expect(refused.status).toBe(404);
    expect(await server.rows('SELECT ended_at FROM overrides WHERE id = ?', [southAllowlist.id])).toEqual([{ ended_at: null }]);
  });

  it('answers a follow-up to another school’s report as not found, and changes nothing', async () => {
    const response = await server.fetch(`${API_PATHS.reports}/${southReport.id}`, jsonPost(TRUST_TOKENS.northPupils, { reason: 'upset', comment: 'changed', followUpSecret: southReport.followUpSecret }, 'PATCH'));
    expect(response.status).toBe(404);
    expect(await server.rows('SELECT comment FROM reports WHERE id = ?', [southReport.id])).toEqual([{ comment: southReport.comment }]);
  });
});

describe('a school’s staff see only their school', () => {
  const ids = (rows: { id: string }[]) => rows.map((row) => row.id);

  it('reports: the queue is theirs, and another school’s report is not found on read or change', async () => {
    const queue = await json<{ reports: { id: string; school: string }[]; total: number }>(await north.get('/reports'));
    expect(ids(queue.reports)).toContain(northReport.id);
    expect(ids(queue.reports)).not.toContain(southReport.id);
    expect(queue.reports.every((r) => r.school === NORTH.id)).toBe(true);
    expect(queue.total).toBe(queue.reports.length);
    // A school user's filter cannot reach another school.
    expect(ids((await json<{ reports: { id: string }[] }>(await north.get(`/reports?school=${SOUTH.id}`))).reports)).not.toContain(southReport.id);
    expect((await north.get(`/reports/${southReport.id}`)).status).toBe(404);
    expect((await north.get(`/reports/${southReport.id}/screenshot`)).status).toBe(404);
    expect((await north.post(`/reports/${southReport.id}/status`, { status: 'resolved', note: 'not mine' })).status).toBe(404);
    expect((await north.post(`/reports/${southReport.id}/notes`, { note: 'peeking' })).status).toBe(404);
    const held = await server.rows<{ status: string }>('SELECT status FROM reports WHERE id = ?', [southReport.id]);
    expect(held).toEqual([{ status: 'new' }]);
    expect(await server.rows('SELECT actor FROM report_trail WHERE report_id = ? AND actor = ?', [southReport.id, NORTH_IT_LEAD.username])).toEqual([]);
    // Their own is theirs to change.
    expect((await north.post(`/reports/${northReport.id}/notes`, { note: 'looked at it' })).status).toBe(200);
  });

  it('alerts: the safeguarding queue is theirs, another school’s alert is not found on read or change', async () => {
    const list = await json<{ alerts: { id: string; user: string | null; school: string }[] }>(await trust.get(`/safeguarding-alerts`));
    const southAlert = list.alerts.find((alert) => alert.school === SOUTH.id)!;
    expect(southAlert).toBeDefined();
    const northList = await json<{ alerts: { id: string; school: string }[]; total: number }>(await north.get('/safeguarding-alerts'));
    expect(northList.alerts.length).toBeGreaterThan(0);
    expect(northList.alerts.every((alert) => alert.school === NORTH.id)).toBe(true);
    expect(northList.total).toBe(northList.alerts.length);
    expect((await north.get(`/safeguarding-alerts/${southAlert.id}`)).status).toBe(404);
    expect((await north.post(`/safeguarding-alerts/${southAlert.id}/notes`, { note: 'peeking' })).status).toBe(404);
    expect((await north.post(`/safeguarding-alerts/${southAlert.id}/status`, { status: 'in-review', note: null })).status).toBe(404);
    expect(await server.rows('SELECT status FROM alerts WHERE id = ?', [southAlert.id])).toEqual([{ status: 'new' }]);
    // The alerts view's blocks, urgent reports and silent devices are the school's too.
    const view = await json<{ blockGroups: { category: string; total: number }[]; staleDevices: { key: string }[] }>(await north.get('/alerts'));
    expect(view.blockGroups.find((group) => group.category === 'self-harm')!.total).toBe(1);
    expect(view.staleDevices.map((device) => device.key)).not.toContain('directory:south-device');
  });

  it('the log and its CSV: only the school’s events', async () => {
    const log = await json<{ events: { event: { user: string }; school: string }[] }>(await north.get('/events'));
    expect(log.events.length).toBeGreaterThan(0);
    expect(log.events.every((row) => row.school === NORTH.id)).toBe(true);
    expect((await json<{ events: unknown[] }>(await north.get(`/events?user=${encodeURIComponent(SOUTH_PUPIL)}`))).events).toEqual([]);
    const csv = await (await north.get('/events.csv')).text();
    expect(csv).toContain(NORTH_PUPIL);
    expect(csv).not.toContain(SOUTH_PUPIL);
  });

  it('allowlists, rosters and devices: only the school’s', async () => {
    const allowlists = await json<{ overrides: { id: string }[] }>(await north.get('/overrides'));
    expect(ids(allowlists.overrides)).toContain(northAllowlist.id);
    expect(ids(allowlists.overrides)).not.toContain(southAllowlist.id);
    const rosters = await json<{ classes: { school: string; className: string; pupils: string[] }[] }>(await south.get('/rosters'));
    expect(rosters.classes.map((c) => `${c.school}/${c.className}`)).toEqual(['south/9X', 'south/9Y']);
    const devices = (await json<{ devices: { key: string; school: string }[] }>(await north.get('/devices'))).devices;
    expect(devices.map((device) => device.key)).toContain('directory:north-device');
    expect(devices.map((device) => device.key)).not.toContain('directory:south-device');
    expect(devices.every((device) => device.school === NORTH.id)).toBe(true);
  });

  it('the overview counts only the school’s', async () => {
    type Overview = { perDay: { blocks: number; reports: number; alerts: number }[]; openReports: { total: number }; silentDevices: { devices: number }; blockedCategories: { category: string; blocks: number }[] };
    const sum = (overview: Overview, key: 'blocks' | 'reports' | 'alerts') => overview.perDay.reduce((total, day) => total + day[key], 0);
    const [own, all] = await Promise.all([json<Overview>(await south.get('/overview')), json<Overview>(await trust.get('/overview'))]);
    // South: its pupil's self-harm block, its report, its alert, its device; north also has the rotated token's block.
    expect(sum(own, 'blocks')).toBe(1);
    expect(sum(own, 'alerts')).toBe(1);
    expect(own.openReports.total).toBe(1);
    expect(sum(all, 'blocks')).toBe(3);
    // North's self-harm block and the rotated token's gambling block each opened one.
    expect(sum(all, 'alerts')).toBe(3);
    expect(all.openReports.total).toBeGreaterThan(own.openReports.total);
    expect(own.silentDevices.devices).toBeLessThan(all.silentDevices.devices);
  });

  it('the tokens page: only the school’s labels, and another school’s label is answered as an unknown one', async () => {
    const page = await json<{ labels: { label: string }[] }>(await north.get('/tokens'));
    expect(page.labels.map((label) => label.label)).toEqual(['north-pupils', 'north-staff']);
    const refused = await north.post('/tokens/rotate', { label: 'south-staff', graceDays: 1 });
    expect(refused.status).toBe(422);
    expect(await refused.text()).not.toContain('south-pupils');
    expect(await server.rows('SELECT label FROM issued_tokens WHERE label = ?', ['south-staff'])).toEqual([]);
  });

  it('subject access: a school’s export holds what that school holds about the person', async () => {
    type Export = { events: { school: string }[]; reports: { id: string }[]; alerts: unknown[]; devices: { school: string }[] };
    const path = `/subject-access?user=${encodeURIComponent(SOUTH_PUPIL)}`;
    const fromNorth = await json<Export>(await north.get(path));
    expect(fromNorth).toMatchObject({ events: [], reports: [], alerts: [], overrides: [], rosterRows: [] });
    // A device the pupil's report named, last written by a north token, is north's record.
    expect(fromNorth.devices.every((device) => device.school === NORTH.id)).toBe(true);
    const fromSouth = await json<Export>(await south.get(path));
    expect(fromSouth.reports.map((r) => r.id)).toEqual([southReport.id]);
    expect(fromSouth.events.length).toBe(2);
    expect(fromSouth.alerts.length).toBe(1);
    expect((await json<Export>(await trust.get(path))).reports.map((r) => r.id)).toEqual([southReport.id]);
  });

  it('names only their own school on /me; the trust user is told every school', async () => {
    expect(await json(await north.get('/me'))).toEqual({ username: NORTH_IT_LEAD.username, role: 'it-lead', schools: { scope: 'school', list: [NORTH] } });
    expect(await json(await trust.get('/me'))).toEqual({ username: TRUST_DSL.username, role: 'dsl', schools: { scope: 'trust', list: [NORTH, SOUTH] } });
  });
});

describe('school lists: one school’s, or the whole trust’s', () => {
  const add = (client: DashboardClient, target: string, school?: string) =>
    client.post('/school-lists', { action: 'block', targets: [target], audience: { scope: 'everyone' }, reason: 'not for school', endsAt: null, ...(school === undefined ? {} : { school }) });
  const deviceDomains = async (token: string) =>
    (await json<{ lists: { action: string; domains: string[] }[] }>(await server.fetch('/v1/school-lists?role=pupil&yearGroup=Y9', { headers: bearer(token) }))).lists.flatMap((list) => list.domains).sort();
  let trustWide: string;
  let northOnly: string;

  beforeAll(async () => {
    const first = await add(trust, 'trustwide.example', 'trust');
    expect(first.status, await first.clone().text()).toBe(201);
    trustWide = ((await first.json()) as { added: { id: string }[] }).added[0]!.id;
    // A school's IT Lead adds to their own school's list, whatever the body names.
    const second = await add(north, 'northonly.example', SOUTH.id);
    expect(second.status).toBe(201);
    northOnly = ((await second.json()) as { added: { id: string; school: string }[] }).added[0]!.id;
  });

  it('stores each entry as its school’s or the trust’s; a trust user must choose', async () => {
    expect(await server.rows('SELECT school FROM school_list_entries WHERE id = ?', [trustWide])).toEqual([{ school: 'trust' }]);
    expect(await server.rows('SELECT school FROM school_list_entries WHERE id = ?', [northOnly])).toEqual([{ school: NORTH.id }]);
    const unchosen = await add(trust, 'unchosen.example');
    expect(unchosen.status).toBe(400);
    expect(await server.rows('SELECT id FROM school_list_entries WHERE target = ?', ['unchosen.example'])).toEqual([]);
  });

  it('sends each school’s devices the trust’s entries and their own', async () => {
    expect(await deviceDomains(TRUST_TOKENS.northPupils)).toEqual(['northonly.example', 'trustwide.example']);
    expect(await deviceDomains(TRUST_TOKENS.southPupils)).toEqual(['trustwide.example']);
  });

  it('lets another school list a site one school has listed', async () => {
    expect((await add(south, 'northonly.example')).status).toBe(201);
    expect(await deviceDomains(TRUST_TOKENS.southPupils)).toEqual(['northonly.example', 'trustwide.example']);
    // The same school again is "already listed".
    expect((await add(north, 'northonly.example')).status).toBe(409);
  });

  it('shows a school’s staff their entries and the trust’s; another school’s is not found; the trust’s is the trust’s to change', async () => {
    const southPage = await json<{ entries: { id: string; school: string }[] }>(await south.get('/school-lists'));
    expect(southPage.entries.map((entry) => entry.school).sort()).toEqual([SOUTH.id, 'trust']);
    expect((await south.get(`/school-lists/${northOnly}`)).status).toBe(404);
    expect((await south.post(`/school-lists/${northOnly}/remove`, { reason: 'not ours to remove' })).status).toBe(404);
    expect((await south.post(`/school-lists/${trustWide}/remove`, { reason: 'not ours to remove' })).status).toBe(403);
    expect(await server.rows('SELECT ended_at FROM school_list_entries WHERE id IN (?, ?)', [northOnly, trustWide])).toEqual([{ ended_at: null }, { ended_at: null }]);
    const trail = await json<{ changes: { entryId: string }[] }>(await south.get('/school-lists/trail'));
    expect(trail.changes.map((change) => change.entryId)).not.toContain(northOnly);
  });
});

describe('the trust’s staff', () => {
  it('see every school’s records, each naming its school, and filter by school', async () => {
    const all = await json<{ reports: { id: string; school: string }[] }>(await trust.get('/reports'));
    expect(all.reports.find((r) => r.id === northReport.id)?.school).toBe(NORTH.id);
    expect(all.reports.find((r) => r.id === southReport.id)?.school).toBe(SOUTH.id);
    const southOnly = await json<{ reports: { id: string; school: string }[] }>(await trust.get(`/reports?school=${SOUTH.id}`));
    expect(southOnly.reports.map((r) => r.id)).toEqual([southReport.id]);
    expect(await json(await trust.get(`/reports/${southReport.id}`))).toMatchObject({ id: southReport.id, school: SOUTH.id });
    const log = await json<{ events: { school: string }[] }>(await trust.get(`/events?school=${NORTH.id}`));
    expect(new Set(log.events.map((row) => row.school))).toEqual(new Set([NORTH.id]));
    const rosters = await json<{ classes: { school: string }[] }>(await trust.get('/rosters'));
    expect(new Set(rosters.classes.map((c) => c.school))).toEqual(new Set([NORTH.id, SOUTH.id]));
    // The trust's log export names each event's school first.
    const csv = (await (await trust.get('/events.csv')).text()).split('\r\n').filter(Boolean);
    expect(csv[0]!.startsWith('school,')).toBe(true);
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(expect.arrayContaining([NORTH.id, SOUTH.id]));
  });

  it('choose the school of a roster they upload: none chosen, or an unknown one, changes nothing', async () => {
    const before = await server.rows('SELECT * FROM roster');
    const unchosen = await trust.post('/rosters', 'class,pupil\n8Z,someone@north.example\n', 'text/csv');
    expect(unchosen.status).toBe(400);
    expect(await unchosen.text()).toContain('choose the school');
    expect((await trust.post('/rosters?school=east', 'class,pupil\n8Z,someone@north.example\n', 'text/csv')).status).toBe(400);
    expect(await server.rows('SELECT * FROM roster')).toEqual(before);
  });
});

describe('a school is read from the config at each request', () => {
  it('moves a member of staff to another school at once, and ends the session of one whose school is gone', async () => {
    const user = server.config.dashboardUsers.find((candidate) => candidate.username === SOUTH_IT_LEAD.username)!;
    const moved = await signIn(server, SOUTH_IT_LEAD);
    try {
      user.school = NORTH.id;
      const queue = await json<{ reports: { id: string }[] }>(await moved.get('/reports'));
      expect(queue.reports.map((r) => r.id)).toContain(northReport.id);
      expect(queue.reports.map((r) => r.id)).not.toContain(southReport.id);
      delete user.school;
      expect((await moved.get('/reports')).status).toBe(401);
    } finally {
      user.school = SOUTH.id;
    }
    // Signed out for good: the session does not come back with the config.
    expect((await moved.get('/reports')).status).toBe(401);
  });

  it('refuses another school an allowlist id one school holds, without showing it', async () => {
    const response = await post(TRUST_TOKENS.southStaff, API_PATHS.overrides, { ...northAllowlist, createdBy: 'teacher@south.example' });
    expect(response.status).toBe(409);
    expect(await response.text()).not.toContain('north');
    expect(await server.rows('SELECT school, created_by FROM overrides WHERE id = ?', [northAllowlist.id])).toEqual([{ school: NORTH.id, created_by: 'teacher@north.example' }]);
  });
});
