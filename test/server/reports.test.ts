/** POST /v1/reports and PATCH /v1/reports/:id: idempotent by id, urgency recomputed, scopes, screenshots. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { reportPath, reportReplySchema } from '../../src/reports/model';
import { report, TINY_JPEG_BASE64 } from './harness/fixtures';
import { DEVICE_TOKEN, jsonPost, OTHER_DEVICE_TOKEN, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
// Every fixture report claims the same device and pupil: a new rate-limit window for each test (report-floods.test.ts tests the limits).
beforeEach(() => server.clock.advanceMinutes(6));

const postReport = (body: unknown, token = DEVICE_TOKEN) => server.fetch(API_PATHS.reports, jsonPost(token, body));
const patchReport = (id: string, body: unknown, token = DEVICE_TOKEN) => server.fetch(reportPath(id), jsonPost(token, body, 'PATCH'));

describe('POST /v1/reports', () => {
  it('stores a report once: a repeat answers 200 with the same id and adds no row', async () => {
    const sent = report();
    const first = await postReport(sent);
    expect(first.status).toBe(201);
    expect(reportReplySchema.parse(await first.json())).toEqual({ id: sent.id, duplicate: false });
    const before = server.counts();
    const again = await postReport({ ...sent, comment: 'changed on retry' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: sent.id, duplicate: true });
    expect(server.counts()).toEqual(before);
    const stored = await server.store.reports.get(sent.id);
    expect(stored).toMatchObject({ comment: 'This is not nice', status: 'new', clientIp: '127.0.0.1', tokenLabel: 'pupils' });
    expect(stored!.trail).toEqual([expect.objectContaining({ action: 'received', actor: 'device:pupils', status: 'new' })]);
  });

  it('stores each report once when the same one arrives five times at once', async () => {
    const sent = report();
    const statuses = await Promise.all(Array.from({ length: 5 }, () => postReport(sent).then((r) => r.status)));
    expect(statuses.sort()).toEqual([200, 200, 200, 200, 201]);
    expect((await server.store.reports.list({ offset: 0, limit: 200 })).reports.filter((r) => r.id === sent.id)).toHaveLength(1);
  });

  it('recomputes urgency: the server never trusts a client to under-report', async () => {
    const cases = [
      { reason: 'stranger-contact', category: null, urgent: true },
      { reason: 'unkind-to-me', category: null, urgent: true },
      { reason: 'safeguarding-concern', category: null, urgent: true },
      { reason: 'upset', category: null, urgent: true },
      { reason: 'should-not-be-blocked', category: 'self-harm', urgent: true },
      { reason: 'over-blocking', category: 'games', urgent: false },
      { reason: null, category: null, urgent: false },
    ] as const;
    for (const { reason, category, urgent } of cases) {
      const sent = report({ reason, category, urgent: false });
      await postReport(sent);
      expect((await server.store.reports.get(sent.id))!.urgent, `${reason} / ${category}`).toBe(urgent);
    }
    // A client may flag more than the rule does.
    const flagged = report({ reason: 'something-else', urgent: true });
    await postReport(flagged);
    expect((await server.store.reports.get(flagged.id))!.urgent).toBe(true);
  });

  it('keeps a JPEG screenshot and serves it back byte for byte', async () => {
    const sent = report({ screenshot: { mime: 'image/jpeg', base64: TINY_JPEG_BASE64 } });
    expect((await postReport(sent)).status).toBe(201);
    expect((await server.store.reports.screenshot(sent.id))!.equals(Buffer.from(TINY_JPEG_BASE64, 'base64'))).toBe(true);
    expect((await server.store.reports.get(sent.id))!.hasScreenshot).toBe(true);
  });

  it('accepts a report from a staff token (staff report pages too)', async () => {
    expect((await postReport(report({ role: 'staff', yearGroup: null, reason: 'under-blocking' }), STAFF_TOKEN)).status).toBe(201);
  });
});

describe('PATCH /v1/reports/:id', () => {
  it('adds the reason and comment afterwards, and a new urgent reason makes it urgent', async () => {
    const sent = report({ reason: null, comment: null });
    await postReport(sent);
    const response = await patchReport(sent.id, { reason: 'stranger-contact', comment: 'someone asked where I live' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: sent.id, duplicate: false });
    const stored = await server.store.reports.get(sent.id);
    expect(stored).toMatchObject({ reason: 'stranger-contact', comment: 'someone asked where I live', urgent: true });
    expect(stored!.trail.map((entry) => entry.action)).toEqual(['received', 'pupil-update']);
  });

  it('never makes an urgent report non-urgent', async () => {
    const sent = report({ reason: 'upset' });
    await postReport(sent);
    await patchReport(sent.id, { reason: 'something-else', comment: null });
    expect((await server.store.reports.get(sent.id))!.urgent).toBe(true);
  });

  it('lets another device token of the same scope update it, not a staff token', async () => {
    const sent = report();
    await postReport(sent);
    expect((await patchReport(sent.id, { reason: 'over-blocking', comment: null }, OTHER_DEVICE_TOKEN)).status).toBe(200);
    const before = server.counts();
    expect((await patchReport(sent.id, { reason: 'upset', comment: 'x' }, STAFF_TOKEN)).status).toBe(403);
    expect((await server.store.reports.get(sent.id))!.reason).toBe('over-blocking');
    expect(server.counts()).toEqual(before);
  });

  it('keeps a screenshot sent with a reason that allows one, once, and says so in the trail', async () => {
    const shot = { mime: 'image/jpeg', base64: TINY_JPEG_BASE64 };
    const sent = report({ reason: null, comment: null, category: null });
    await postReport(sent);
    expect((await patchReport(sent.id, { reason: 'unkind-to-me', comment: null, screenshot: shot })).status).toBe(200);
    expect((await server.store.reports.screenshot(sent.id))!.equals(Buffer.from(TINY_JPEG_BASE64, 'base64'))).toBe(true);
    const stored = await server.store.reports.get(sent.id);
    expect(stored!.trail.at(-1)!.note).toBe('reason: unkind-to-me; screenshot added');
  });

  it('drops a screenshot the rule forbids (adult or illegal page, a reason that may mean sexual images) but keeps the reason', async () => {
    const shot = { mime: 'image/jpeg', base64: TINY_JPEG_BASE64 };
    const cases = [
      { report: report({ reason: null, category: 'adult' }), reason: 'unkind-to-me' as const },
      { report: report({ reason: null, category: 'illegal' }), reason: 'should-not-be-blocked' as const },
      { report: report({ reason: null, category: null }), reason: 'rude-or-unsuitable' as const },
      { report: report({ reason: null, category: null }), reason: 'stranger-contact' as const },
    ];
    for (const { report: sent, reason } of cases) {
      await postReport(sent);
      expect((await patchReport(sent.id, { reason, comment: null, screenshot: shot })).status).toBe(200);
      const stored = await server.store.reports.get(sent.id);
      expect(stored, `${sent.category} ${reason}`).toMatchObject({ reason, hasScreenshot: false });
      expect(await server.store.reports.screenshot(sent.id)).toBeNull();
      expect(stored!.trail.at(-1)!.note).toContain('screenshot refused by the rule');
    }
  });

  it('refuses a screenshot that is not a JPEG, changing nothing', async () => {
    const sent = report({ reason: null });
    await postReport(sent);
    const notJpeg = Buffer.from('<svg onload=alert(1)>').toString('base64');
    expect((await patchReport(sent.id, { reason: 'unkind-to-me', comment: null, screenshot: { mime: 'image/jpeg', base64: notJpeg } })).status).toBe(400);
    expect((await server.store.reports.get(sent.id))!.reason).toBeNull();
  });

  it('answers 404 for an id it does not hold', async () => {
    expect((await patchReport(randomUUID(), { reason: null, comment: null })).status).toBe(404);
    expect((await patchReport('not-a-uuid', { reason: null, comment: null })).status).toBe(404);
  });
});
