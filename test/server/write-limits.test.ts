/**
 * Write limits per token and per account (issue 21): events, reports and their follow-ups, allowlists opened
 * and ended. Each refusal is a 429 with Retry-After and words naming the limit; the window is honoured; two
 * endpoint processes on one database count together. Small limits in the config make the tests short; the
 * expected figures are worked out here by hand from those limits and the fixed five-minute windows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { parseConfig } from '../../server/src/config/load';
import { purgeExpired } from '../../server/src/retention/purge';
import { batchOf, navigationEvent, overrideRequest, report } from './harness/fixtures';
import { DEVICE_TOKEN, jsonPost, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

// 09:01 on a Monday: inside the five-minute window 09:00-09:05, which ends in 240 seconds.
const START = new Date('2026-03-02T09:01:00.000Z');
const WINDOW_END = '2026-03-02T09:05:00.000Z';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function server(writeLimits: object, extra: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const started = await startTestServer({ start: START, config: { writeLimits }, ...extra });
  servers.push(started);
  return started;
}

const eventsOf = (count: number, user: string) => batchOf(count, () => navigationEvent('www.example.org', { user }));

async function refusal(response: Response): Promise<{ status: number; retryAfter: string | null; error: string }> {
  return { status: response.status, retryAfter: response.headers.get('retry-after'), error: ((await response.json()) as { error: string }).error };
}

describe('events', () => {
  it('limits one account, then the token, with a 429 in words; a new window lets them through again', async () => {
    const endpoint = await server({ events: { token: { max: 1000 }, account: { max: 500 } } });
    const post = (count: number, user: string) => endpoint.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, eventsOf(count, user)));

    expect((await post(300, 'ann@school.example')).status).toBe(200);
    // Ann's 600 in this window is over her 500.
    const overAccount = await refusal(await post(300, 'Ann@School.example'));
    expect(overAccount.status).toBe(429);
    expect(overAccount.retryAfter).toBe('240');
    expect(overAccount.error).toContain("this account's limit is 500 events per 5 minutes");
    expect(overAccount.error).toContain(`try again after ${WINDOW_END} (in 4 minutes)`);
    expect(overAccount.error).toContain('stay queued on the device');

    // Another pupil on the same token: the token has counted 600 (refused attempts count), 900 now, within 1,000.
    expect((await post(300, 'bob@school.example')).status).toBe(200);
    const overToken = await refusal(await post(200, 'cat@school.example'));
    expect(overToken.status).toBe(429);
    expect(overToken.retryAfter).toBe('240');
    expect(overToken.error).toContain("this token's limit (shared by every device using it) is 1,000 events per 5 minutes");
    expect((await endpoint.counts()).events).toBe(600);

    // One second before the window ends: still refused, and Retry-After says one second.
    endpoint.clock.set(new Date('2026-03-02T09:04:59.000Z'));
    const lastSecond = await refusal(await post(1, 'dan@school.example'));
    expect([lastSecond.status, lastSecond.retryAfter]).toEqual([429, '1']);
    endpoint.clock.set(new Date(WINDOW_END));
    expect((await post(300, 'ann@school.example')).status).toBe(200);
    expect((await endpoint.counts()).events).toBe(900);
  });

  it('counts once for every endpoint process on the same database', async () => {
    const first = await server({ events: { account: { max: 500 } } });
    const second = await server({ events: { account: { max: 500 } } }, { dataDir: first.dataDir });
    expect((await first.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, eventsOf(400, 'ann@school.example')))).status).toBe(200);
    const response = await second.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, eventsOf(200, 'ann@school.example')));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('240');
  });
});

describe('the counts themselves', () => {
  it('are one row per token or account and kind, and the daily purge forgets windows over a day old (they name accounts)', async () => {
    const endpoint = await server({});
    await endpoint.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, eventsOf(2, 'ann@school.example')));
    await endpoint.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, eventsOf(3, 'ann@school.example')));
    const rows = () => endpoint.rows('SELECT key, window_start, count FROM write_windows ORDER BY key');
    expect(await rows()).toEqual([
      { key: '["events","account","claimed:ann@school.example"]', window_start: '2026-03-02T09:00:00.000Z', count: 5 },
      { key: '["events","token","pupils"]', window_start: '2026-03-02T09:00:00.000Z', count: 5 },
    ]);
    await purgeExpired(endpoint.store, 365, new Date('2026-03-03T08:59:59.000Z'));
    expect(await rows()).toHaveLength(2);
    await purgeExpired(endpoint.store, 365, new Date('2026-03-03T09:00:01.000Z'));
    expect(await rows()).toEqual([]);
  });
});

describe('reports', () => {
  it('counts new reports and follow-ups for the account the report names', async () => {
    const endpoint = await server({ reports: { account: { max: 3 } } });
    const first = report({ user: 'ann@school.example' });
    expect((await endpoint.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, first))).status).toBe(201);
    expect((await endpoint.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, report({ user: 'ann@school.example' })))).status).toBe(201);
    const followUp = { reason: null, comment: 'it came back', followUpSecret: first.followUpSecret };
    expect((await endpoint.fetch(`${API_PATHS.reports}/${first.id}`, jsonPost(DEVICE_TOKEN, followUp, 'PATCH'))).status).toBe(200);
    // The fourth write for Ann in the window, a follow-up this time.
    const refused = await refusal(await endpoint.fetch(`${API_PATHS.reports}/${first.id}`, jsonPost(DEVICE_TOKEN, followUp, 'PATCH')));
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('240');
    expect(refused.error).toContain("this account's limit is 3 reports and follow-ups per 5 minutes");
    expect(refused.error).toContain('the report stays queued on the device');
    // Another pupil is not held up by Ann.
    expect((await endpoint.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, report({ user: 'bob@school.example' })))).status).toBe(201);
    // A report already held is answered as one, whatever the limits: the device is retrying one that arrived.
    expect((await endpoint.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, first))).status).toBe(200);
  });

  it('limits the token across accounts', async () => {
    const endpoint = await server({ reports: { token: { max: 2, windowMinutes: 10 } } });
    for (const user of ['a@school.example', 'b@school.example']) {
      expect((await endpoint.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, report({ user })))).status).toBe(201);
    }
    const refused = await refusal(await endpoint.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, report({ user: 'c@school.example' }))));
    // The ten-minute window 09:00-09:10 ends in nine minutes.
    expect([refused.status, refused.retryAfter]).toEqual([429, '540']);
    expect(refused.error).toContain("this token's limit (shared by every device using it) is 2 reports and follow-ups per 10 minutes");
    // Each token has its own count.
    expect((await endpoint.fetch(API_PATHS.reports, jsonPost(STAFF_TOKEN, report({ user: 'teacher@school.example', role: 'staff' })))).status).toBe(201);
  });
});

describe('allowlists', () => {
  it('counts opening and ending for the teacher named, and for the staff token', async () => {
    const endpoint = await server({ allowlists: { token: { max: 3 }, account: { max: 1 } } });
    const opened = await endpoint.fetch(API_PATHS.overrides, jsonPost(STAFF_TOKEN, overrideRequest({}, START)));
    expect(opened.status).toBe(201);
    const { id } = (await opened.json()) as { id: string };
    const end = await refusal(await endpoint.fetch(`${API_PATHS.overrides}/${id}/end`, jsonPost(STAFF_TOKEN, { endedBy: 'teacher@school.example' })));
    expect([end.status, end.retryAfter]).toEqual([429, '240']);
    expect(end.error).toContain("this account's limit is 1 allowlist changes per 5 minutes");
    expect(end.error).toContain('nothing was changed');
    expect((await endpoint.fetch(`${API_PATHS.overrides}/${id}/end`, jsonPost(STAFF_TOKEN, { endedBy: 'head@school.example' }))).status).toBe(200);
    const fourth = await refusal(await endpoint.fetch(API_PATHS.overrides, jsonPost(STAFF_TOKEN, overrideRequest({ createdBy: 'other@school.example' }, START))));
    expect(fourth.status).toBe(429);
    expect(fourth.error).toContain("this token's limit (shared by every device using it) is 3 allowlist changes");
  });
});

describe('config', () => {
  const tokens = [{ token: DEVICE_TOKEN, scope: 'device', label: 'pupils' }];
  it('has generous defaults: a whole OU on one token, one person per account', () => {
    const { writeLimits } = parseConfig({ tokens }, 'c', '/');
    expect(writeLimits.events).toEqual({ token: { max: 1_000_000, windowMinutes: 5 }, account: { max: 3_000, windowMinutes: 5 } });
    expect(parseConfig({ tokens, writeLimits: { events: { account: { max: 5000 } } } }, 'c', '/').writeLimits.events.account).toEqual({ max: 5000, windowMinutes: 5 });
  });
  it('refuses a limit that could never pass one batch, a bad window and an unknown key, naming each', () => {
    const attempt = () => parseConfig({ tokens, writeLimits: { events: { account: { max: 10 } }, reports: { token: { windowMinutes: 0 } }, allowlists: { teacher: {} } } }, 'c', '/');
    expect(attempt).toThrow(/writeLimits\.events\.account\.max: max must be at least 500: one batch from a device can hold that many/);
    expect(attempt).toThrow(/writeLimits\.reports\.token\.windowMinutes: windowMinutes must be at least 1/);
    expect(attempt).toThrow(/writeLimits\.allowlists.*teacher/);
  });
});
