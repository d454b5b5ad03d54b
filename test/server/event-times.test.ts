/**
 * Issue 16, findings 2 and 5, replayed against the real endpoint: a pupil
 * holding the OU's device token posts events dated 9999 (or long ago) to bury
 * a real alert or to freeze a device's record on a decoy user. Event times too
 * far ahead are clamped to the receive time (the claim kept and marked),
 * safeguarding views go by when the endpoint received a record, every capped
 * list says it was cut short, and a device's record moves by receive order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterEvent } from '../../src/events/model';
import { API_PATHS, MAX_BATCH_EVENTS } from '../../src/events/wire';
import { parseCsv } from '../../server/src/csv/parse';
import { EVENT_CSV_HEADER } from '../../server/src/csv/event-columns';
import type { AlertsReply, DevicesReply, EventsReply, OverridesReply } from '../../server/src/dashboard-api/types';
import type { SubjectAccessExport } from '../../server/src/store/rows';
import { signIn, type DashboardClient } from './harness/dashboard';
import { blockEvent, heartbeatEvent, navigationEvent, overrideRequest, policyEvent } from './harness/fixtures';
import { oldDatabase } from './harness/old-database';
import { DEVICE_TOKEN, DSL, IT_LEAD, jsonPost, startTestServer, type TestServer } from './harness/server';

const START = new Date('2025-06-02T09:00:00.000Z');
const FAR_FUTURE = '9999-12-31T23:59:59.000Z';
const FLOOD = 1_200;
/** What the dashboard shows per page and per alert category, as the README states them. */
const LOG_PAGE = 200;
const ALERT_BLOCKS_PER_CATEGORY = 200;

function minutesFrom(date: Date, minutes: number): string {
  return new Date(date.getTime() + minutes * 60_000).toISOString();
}

async function postEvents(server: TestServer, events: FilterEvent[]): Promise<void> {
  const response = await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events }));
  expect(response.status, await response.clone().text()).toBe(200);
}

/** 1,200 illegal blocks dated 9999 from a decoy account, in batches no larger than the endpoint takes (three). */
async function postFlood(server: TestServer): Promise<void> {
  const fakes = Array.from({ length: FLOOD }, (_, i) =>
    blockEvent({ user: 'decoy@school.example', category: 'illegal', host: `fake${i}.example`, time: FAR_FUTURE }),
  );
  for (let i = 0; i < fakes.length; i += MAX_BATCH_EVENTS) await postEvents(server, fakes.slice(i, i + MAX_BATCH_EVENTS));
}

async function getJson<T>(dashboard: DashboardClient, path: string): Promise<T> {
  const response = await dashboard.get(path);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}

/** Follows the default log view's pages (newest received first) until `id` turns up; the page it was on, or null. */
async function pageHolding(dashboard: DashboardClient, id: string): Promise<{ page: number; reply: EventsReply } | null> {
  let path = '/events';
  for (let page = 1; page <= 20; page++) {
    const reply = await getJson<EventsReply>(dashboard, path);
    if (reply.events.some((row) => row.event.id === id)) return { page, reply };
    if (!reply.next) return null;
    path = `/events?before=${encodeURIComponent(reply.next)}`;
  }
  return null;
}

describe('a real self-harm block received after 1,200 blocks dated 9999', () => {
  let server: TestServer;
  let dashboard: DashboardClient;
  const real = blockEvent({ user: 'worried.pupil@school.example', category: 'self-harm', host: 'harm.example' });

  beforeAll(async () => {
    server = await startTestServer({ start: START });
    dashboard = await signIn(server, DSL);
    await postFlood(server);
    server.clock.advanceMinutes(1);
    await postEvents(server, [{ ...real, time: minutesFrom(server.clock.now(), -1) }]);
  });
  afterAll(() => server.close());

  it('is in the alerts view', async () => {
    const alerts = await getJson<AlertsReply>(dashboard, '/alerts');
    expect(JSON.stringify(alerts)).toContain(real.id);
    const selfHarm = alerts.blockGroups.find((group) => group.category === 'self-harm')!;
    expect(selfHarm.blocks.map((row) => row.event.id)).toEqual([real.id]);
  });

  it('is the first row of the default log view, which says it is cut short', async () => {
    const reply = await getJson<EventsReply>(dashboard, '/events');
    expect(reply.events[0]!.event.id).toBe(real.id);
    expect(reply.events).toHaveLength(LOG_PAGE);
    expect(reply.truncated).toBe(true);
    expect(reply.next).toEqual(expect.any(String));
  });
});

describe('a real self-harm block received before 1,200 blocks dated 9999', () => {
  let server: TestServer;
  let dashboard: DashboardClient;
  const real = blockEvent({ user: 'worried.pupil@school.example', category: 'self-harm', host: 'harm.example' });
  let floodReceivedAt: string;

  beforeAll(async () => {
    server = await startTestServer({ start: START });
    dashboard = await signIn(server, DSL);
    await postEvents(server, [{ ...real, time: minutesFrom(START, -2) }]);
    server.clock.advanceMinutes(1);
    floodReceivedAt = server.clock.now().toISOString();
    await postFlood(server);
  });
  afterAll(() => server.close());

  it('is still in the alerts view; the flooded category says it is cut short and where the rest are', async () => {
    const alerts = await getJson<AlertsReply>(dashboard, '/alerts');
    expect(JSON.stringify(alerts)).toContain(real.id);
    const byCategory = new Map(alerts.blockGroups.map((group) => [group.category, group]));
    expect(byCategory.get('self-harm')).toMatchObject({ total: 1, truncated: false, next: null });
    const illegal = byCategory.get('illegal')!;
    expect(illegal).toMatchObject({ total: FLOOD, truncated: true, next: expect.any(String) });
    expect(illegal.blocks).toHaveLength(ALERT_BLOCKS_PER_CATEGORY);
    // The rest of the category: log search from where the alert list stopped.
    const rest = await getJson<EventsReply>(dashboard, `/events?type=block&category=illegal&limit=1000&before=${encodeURIComponent(illegal.next!)}`);
    expect(rest.events).toHaveLength(FLOOD - ALERT_BLOCKS_PER_CATEGORY);
    expect(rest.truncated).toBe(false);
    const shown = new Set([...illegal.blocks, ...rest.events].map((row) => row.event.id));
    expect(shown.size).toBe(FLOOD);
  });

  it('shows each fake at the time it arrived, marked with the time its device claimed', async () => {
    const alerts = await getJson<AlertsReply>(dashboard, '/alerts');
    const illegal = alerts.blockGroups.find((group) => group.category === 'illegal')!;
    for (const row of illegal.blocks) {
      expect(row).toMatchObject({ time: floodReceivedAt, receivedAt: floodReceivedAt, claimedTime: FAR_FUTURE });
      expect(row.event.time).toBe(FAR_FUTURE);
    }
    const selfHarm = alerts.blockGroups.find((group) => group.category === 'self-harm')!;
    expect(selfHarm.blocks[0]).toMatchObject({ time: minutesFrom(START, -2), receivedAt: START.toISOString(), claimedTime: null });
  });

  it('is reached by paging the default log view, which says every page but the last is cut short', async () => {
    const found = await pageHolding(dashboard, real.id);
    expect(found).not.toBeNull();
    // 1,200 received after it, 200 a page: the seventh page.
    expect(found!.page).toBe(Math.floor(FLOOD / LOG_PAGE) + 1);
    expect(found!.reply).toMatchObject({ truncated: false, next: null });
    const first = await getJson<EventsReply>(dashboard, '/events');
    expect(first.truncated).toBe(true);
  });

  it('finds the fakes by the time they arrived, not the time they claimed', async () => {
    const around = await getJson<EventsReply>(
      dashboard,
      `/events?type=block&category=illegal&limit=1000&from=${encodeURIComponent(minutesFrom(server.clock.now(), -1))}&to=${encodeURIComponent(minutesFrom(server.clock.now(), 1))}`,
    );
    expect(around.events).toHaveLength(1000);
    expect(around.truncated).toBe(true);
    const inTheFuture = await getJson<EventsReply>(dashboard, `/events?from=${encodeURIComponent('9999-01-01T00:00:00.000Z')}`);
    expect(inTheFuture.events).toEqual([]);
  });
});

describe('event times', () => {
  let server: TestServer;
  let dashboard: DashboardClient;

  beforeAll(async () => {
    server = await startTestServer({ start: START });
    dashboard = await signIn(server, IT_LEAD);
  });
  afterAll(() => server.close());

  it('keeps a time up to five minutes ahead and any past time, and clamps a time further ahead', async () => {
    const device = { directoryId: 'dir-times', serialNumber: 'SN-TIMES', assetId: '' };
    const user = 'times@school.example';
    const slightlyAhead = navigationEvent('ahead.example', { user, device, time: minutesFrom(START, 4) });
    const tooFarAhead = navigationEvent('too-far.example', { user, device, time: minutesFrom(START, 6) });
    const afterHoliday = navigationEvent('holiday.example', { user, device, time: minutesFrom(START, -16 * 24 * 60) });
    await postEvents(server, [slightlyAhead, tooFarAhead, afterHoliday]);

    const { events } = await getJson<EventsReply>(dashboard, `/events?user=${user}`);
    const byId = new Map(events.map((row) => [row.event.id, row]));
    expect(byId.get(slightlyAhead.id)).toMatchObject({ time: minutesFrom(START, 4), claimedTime: null });
    expect(byId.get(tooFarAhead.id)).toMatchObject({ time: START.toISOString(), claimedTime: minutesFrom(START, 6) });
    expect(byId.get(tooFarAhead.id)!.event.time).toBe(minutesFrom(START, 6));
    expect(byId.get(afterHoliday.id)).toMatchObject({ time: minutesFrom(START, -16 * 24 * 60), claimedTime: null });
    // One batch: received together, newest recorded time first.
    expect(events.map((row) => row.event.id)).toEqual([slightlyAhead.id, tooFarAhead.id, afterHoliday.id]);

    const [stored] = (await server.rows<{ time: string; claimed_time: string; body: string }>('SELECT time, claimed_time, body FROM events WHERE id = ?', [tooFarAhead.id])) as [{ time: string; claimed_time: string; body: string }];
    expect(stored.time).toBe(START.toISOString());
    expect(stored.claimed_time).toBe(minutesFrom(START, 6));
    // The event as the device sent it is kept whole: evidence.
    expect(JSON.parse(stored.body)).toEqual(tooFarAhead);
  });

  it('exports both times to CSV, and says in the file when the export was cut short', async () => {
    const user = 'csv.times@school.example';
    const events = [
      navigationEvent('one.example', { user, time: FAR_FUTURE }),
      navigationEvent('two.example', { user, time: minutesFrom(START, -10) }),
      navigationEvent('three.example', { user, time: minutesFrom(START, -20) }),
    ];
    await postEvents(server, events);
    const whole = parseCsv(await (await dashboard.get(`/events.csv?user=${user}`)).text());
    const column = (name: (typeof EVENT_CSV_HEADER)[number]) => EVENT_CSV_HEADER.indexOf(name);
    expect(whole.map((record) => record.cells[column('host')])).toEqual(['host', 'one.example', 'two.example', 'three.example']);
    expect(whole[1]!.cells[column('time')]).toBe(START.toISOString());
    expect(whole[1]!.cells[column('claimed time')]).toBe(FAR_FUTURE);
    expect(whole[2]!.cells[column('claimed time')]).toBe('');

    const response = await dashboard.get(`/events.csv?user=${user}&limit=2`);
    expect(response.headers.get('x-truncated')).toBe('true');
    const cut = parseCsv(await response.text());
    expect(cut).toHaveLength(4);
    expect(cut.slice(1, 3).map((record) => record.cells[column('host')])).toEqual(['one.example', 'two.example']);
    expect(cut[3]!.cells[0]).toMatch(/^Cut short: more than 2 events matched/);
    expect(cut[3]!.cells).toHaveLength(EVENT_CSV_HEADER.length);
  });

  it('refuses a page cursor it did not make', async () => {
    for (const before of ['nonsense', Buffer.from('["x"]').toString('base64url'), 'a'.repeat(500)]) {
      expect((await dashboard.get(`/events?before=${before}`)).status).toBe(400);
    }
  });
});

describe('a device record and a decoy user', () => {
  let server: TestServer;
  let dashboard: DashboardClient;
  const device = { directoryId: 'dir-decoy', serialNumber: 'SN-DECOY', assetId: 'A-DECOY' };
  const pupil = 'real.pupil@school.example';
  const decoy = 'decoy.user@school.example';
  const realHash = 'a'.repeat(64);
  const fakeHash = 'f'.repeat(64);

  const deviceRecord = async () => (await getJson<DevicesReply>(dashboard, '/devices')).devices.find((d) => d.directoryId === device.directoryId)!;
  const subjectAccess = (user: string) => getJson<SubjectAccessExport>(dashboard, `/subject-access?user=${encodeURIComponent(user)}`);

  beforeAll(async () => {
    server = await startTestServer({ start: START });
    dashboard = await signIn(server, IT_LEAD);
    await postEvents(server, [
      policyEvent(realHash, { user: pupil, device, time: minutesFrom(START, -10), extensionVersion: '1.2.0' }),
      navigationEvent('homework.example', { user: pupil, device, time: minutesFrom(START, -5), extensionVersion: '1.2.0' }),
    ]);
    server.clock.advanceMinutes(1);
    await postEvents(server, [
      policyEvent(fakeHash, { user: decoy, device, time: FAR_FUTURE, extensionVersion: '9.9.9' }),
      navigationEvent('decoy.example', { user: decoy, device, time: FAR_FUTURE, extensionVersion: '9.9.9' }),
    ]);
  });
  afterAll(() => server.close());

  it('keeps the device in the real user’s subject access export, without the decoy’s name', async () => {
    expect((await deviceRecord()).lastUser).toBe(decoy);
    const data = await subjectAccess(pupil);
    expect(data.devices.map((d) => d.directoryId)).toEqual([device.directoryId]);
    // The last user is someone else: theirs to know, not this pupil's.
    expect(data.devices[0]!.lastUser).toBeNull();
    expect(JSON.stringify(data)).not.toContain(decoy);
    // The decoy appears on it too.
    expect((await subjectAccess(decoy)).devices[0]).toMatchObject({ directoryId: device.directoryId, lastUser: decoy });
  });

  it('shows the device’s clock was ahead, with the time it claimed', async () => {
    expect(await deviceRecord()).toMatchObject({ clockAheadReceivedAt: server.clock.now().toISOString(), clockAheadClaimedTime: FAR_FUTURE });
  });

  it('moves on with the next batch the real device sends: the event dated 9999 froze nothing', async () => {
    server.clock.advanceMinutes(5);
    await postEvents(server, [heartbeatEvent({ user: pupil, device, time: minutesFrom(server.clock.now(), -1), extensionVersion: '1.2.0' }, realHash)]);
    expect(await deviceRecord()).toMatchObject({ lastUser: pupil, policyHash: realHash, extensionVersion: '1.2.0', lastSeenAt: server.clock.now().toISOString() });
    const data = await subjectAccess(pupil);
    expect(data.devices).toEqual([expect.objectContaining({ directoryId: device.directoryId, lastUser: pupil })]);
  });

  it('moves by receive order, so an old batch from a device back from a holiday updates it too', async () => {
    const holiday = { directoryId: 'dir-holiday', serialNumber: 'SN-HOL', assetId: '' };
    await postEvents(server, [heartbeatEvent({ user: 'new.user@school.example', device: holiday, time: minutesFrom(server.clock.now(), -1), extensionVersion: '1.3.0' }, 'b'.repeat(64))]);
    server.clock.advanceMinutes(1);
    // Sent later, made three weeks ago (and one batch in the order made): the last made is what the device says now.
    await postEvents(server, [
      policyEvent('d'.repeat(64), { user: 'holiday.user@school.example', device: holiday, time: minutesFrom(START, -21 * 24 * 60 + 5), extensionVersion: '1.1.0' }),
      policyEvent('c'.repeat(64), { user: 'holiday.user@school.example', device: holiday, time: minutesFrom(START, -21 * 24 * 60), extensionVersion: '1.0.0' }),
    ]);
    const record = (await getJson<DevicesReply>(dashboard, '/devices')).devices.find((d) => d.directoryId === holiday.directoryId)!;
    expect(record).toMatchObject({ lastUser: 'holiday.user@school.example', policyHash: 'd'.repeat(64), extensionVersion: '1.1.0' });
  });
});

describe('a database from before the clamp', () => {
  it('has its far-future event times clamped to when they arrived, the claims kept', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'school-endpoint-old-'));
    try {
      const receivedAt = START.toISOString();
      const fake = blockEvent({ category: 'illegal', time: FAR_FUTURE });
      const nearlyNow = blockEvent({ category: 'illegal', time: minutesFrom(START, 4) });
      await oldDatabase(dataDir, 1, async (run) => {
        for (const event of [fake, nearlyNow]) {
          await run(
            `INSERT INTO events (id, type, time, received_at, client_ip, token_label, "user", device_directory_id, device_serial_number, device_asset_id, category, body)
             VALUES (@id, 'block', @time, @receivedAt, '127.0.0.1', 'pupils', 'someone@school.example', 'dir-old', '', '', 'illegal', @body)`,
            { id: event.id, time: event.time, receivedAt, body: JSON.stringify(event) },
          );
        }
      });

      const server = await startTestServer({ start: START, dataDir });
      try {
        const dashboard = await signIn(server, IT_LEAD);
        const { events } = await getJson<EventsReply>(dashboard, '/events');
        const byId = new Map(events.map((row) => [row.event.id, row]));
        expect(byId.get(fake.id)).toMatchObject({ time: receivedAt, claimedTime: FAR_FUTURE });
        expect(byId.get(nearlyNow.id)).toMatchObject({ time: minutesFrom(START, 4), claimedTime: null });
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the allowlist audit', () => {
  it('says when it is cut short', async () => {
    const server = await startTestServer({ start: START });
    try {
      const dashboard = await signIn(server, IT_LEAD);
      const receipt = { receivedAt: START, clientIp: '127.0.0.1', tokenLabel: 'staff', tokenScope: 'staff' as const };
      // Straight into the real store: 2,001 requests over HTTP would say nothing more.
      const oldest = overrideRequest({ startsAt: minutesFrom(START, -3000), endsAt: minutesFrom(START, -2950) });
      await server.store.overrides.create(oldest, receipt);
      for (let i = 0; i < 2000; i++) await server.store.overrides.create(overrideRequest({ startsAt: minutesFrom(START, -i), endsAt: minutesFrom(START, 60 - i) }), receipt);
      const reply = await getJson<OverridesReply>(dashboard, '/overrides');
      expect(reply.overrides).toHaveLength(2000);
      expect(reply.truncated).toBe(true);
      expect(reply.overrides.map((o) => o.id)).not.toContain(oldest.id);
    } finally {
      await server.close();
    }
  });
});
