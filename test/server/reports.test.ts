/** POST /v1/reports and PATCH /v1/reports/:id: idempotent by id, urgency recomputed, scopes, screenshots, follow-up secrets, versions, triage. */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { reportPath, reportReplySchema, type Report } from '../../src/reports/model';
import type { ReportReply } from '../../server/src/dashboard-api/types';
import { openStore } from '../../server/src/store/open-store';
import { signIn } from './harness/dashboard';
import { report, TINY_JPEG_BASE64 } from './harness/fixtures';
import { oldDatabase } from './harness/old-database';
import { DEVICE_TOKEN, DSL, IT_LEAD, jsonPost, OTHER_DEVICE_TOKEN, readRows, STAFF_TOKEN, startTestServer, testDatabase, type TestServer } from './harness/server';

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
    const before = await server.counts();
    const again = await postReport({ ...sent, comment: 'changed on retry' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: sent.id, duplicate: true });
    expect(await server.counts()).toEqual(before);
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

  it('keeps a JPEG screenshot sent with a reason the rule allows, and serves it back byte for byte', async () => {
    const sent = report({ reason: 'unkind-to-me', screenshot: { mime: 'image/jpeg', base64: TINY_JPEG_BASE64 } });
    expect((await postReport(sent)).status).toBe(201);
    expect((await server.store.reports.screenshot(sent.id))!.equals(Buffer.from(TINY_JPEG_BASE64, 'base64'))).toBe(true);
    expect((await server.store.reports.get(sent.id))!.hasScreenshot).toBe(true);
    const dashboard = await signIn(server, IT_LEAD);
    expect((await dashboard.get(`/reports/${sent.id}/screenshot`)).status).toBe(200);
  });

  it('never stores a screenshot the rule forbids, whatever the device sends: the report is kept without it and the trail says so', async () => {
    const shot = { mime: 'image/jpeg' as const, base64: TINY_JPEG_BASE64 };
    const dashboard = await signIn(server, IT_LEAD);
    const cases = [
      { what: 'an adult page', sent: report({ category: 'adult', reason: 'unkind-to-me', screenshot: shot }) },
      { what: 'an illegal-category page', sent: report({ category: 'illegal', reason: 'should-not-be-blocked', screenshot: shot }) },
      { what: 'no reason (the one-click send)', sent: report({ category: null, reason: null, comment: null, screenshot: shot }) },
      { what: 'stranger contact', sent: report({ category: null, reason: 'stranger-contact', screenshot: shot }) },
    ];
    for (const { what, sent } of cases) {
      expect((await postReport(sent)).status, what).toBe(201);
      const stored = await server.store.reports.get(sent.id);
      expect(stored, what).toMatchObject({ reason: sent.reason, comment: sent.comment, category: sent.category, hasScreenshot: false });
      expect(await server.store.reports.screenshot(sent.id), what).toBeNull();
      expect((await dashboard.get(`/reports/${sent.id}/screenshot`)).status, what).toBe(404);
      expect(stored!.trail, what).toEqual([expect.objectContaining({ action: 'received', note: expect.stringContaining('screenshot refused by the rule') })]);
    }
  });

  it('accepts a report from a staff token (staff report pages too)', async () => {
    expect((await postReport(report({ role: 'staff', yearGroup: null, reason: 'under-blocking' }), STAFF_TOKEN)).status).toBe(201);
  });
});

describe('PATCH /v1/reports/:id', () => {
  /** A follow-up from the device that sent `sent`: it carries that report's secret. */
  const followUp = (sent: Report, body: Record<string, unknown>, token = DEVICE_TOKEN) => patchReport(sent.id, { ...body, followUpSecret: sent.followUpSecret }, token);

  it('adds the reason and comment afterwards, and a new urgent reason makes it urgent', async () => {
    const sent = report({ reason: null, comment: null });
    await postReport(sent);
    const response = await followUp(sent, { reason: 'stranger-contact', comment: 'someone asked where I live' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: sent.id, duplicate: false });
    const stored = await server.store.reports.get(sent.id);
    expect(stored).toMatchObject({ reason: 'stranger-contact', comment: 'someone asked where I live', urgent: true });
    expect(stored!.trail.map((entry) => entry.action)).toEqual(['received', 'pupil-update']);
  });

  it('never makes an urgent report non-urgent', async () => {
    const sent = report({ reason: 'upset' });
    await postReport(sent);
    await followUp(sent, { reason: 'something-else', comment: null });
    expect((await server.store.reports.get(sent.id))!.urgent).toBe(true);
  });

  it('keeps every version of the pupil\'s words, oldest first, each with when and how it came; the report shows the newest', async () => {
    const sent = report({ reason: null, comment: 'first words' });
    await postReport(sent);
    server.clock.advanceMinutes(1);
    expect((await followUp(sent, { reason: 'stranger-contact', comment: 'second words' })).status).toBe(200);
    server.clock.advanceMinutes(1);
    expect((await followUp(sent, { reason: 'something-else', comment: null }, OTHER_DEVICE_TOKEN)).status).toBe(200);
    const stored = (await server.store.reports.get(sent.id))!;
    expect(stored).toMatchObject({ reason: 'something-else', comment: null, urgent: true });
    const received = new Date(stored.receivedAt).getTime();
    expect(stored.versions).toEqual([
      { version: 1, at: new Date(received).toISOString(), source: 'report', reason: null, comment: 'first words', tokenLabel: 'pupils', clientIp: '127.0.0.1', verification: { verified: false, problem: null, words: 'Not checked' } },
      { version: 2, at: new Date(received + 60_000).toISOString(), source: 'follow-up', reason: 'stranger-contact', comment: 'second words', tokenLabel: 'pupils', clientIp: '127.0.0.1', verification: { verified: false, problem: null, words: 'Not checked' } },
      { version: 3, at: new Date(received + 120_000).toISOString(), source: 'follow-up', reason: 'something-else', comment: null, tokenLabel: 'pupils-site-b', clientIp: '127.0.0.1', verification: { verified: false, problem: null, words: 'Not checked' } },
    ]);
    expect(stored.trail.map((entry) => entry.note)).toEqual([null, 'words version 2: reason stranger-contact', 'words version 3: reason something-else']);
    // The dashboard's report page gets them too.
    const dashboard = await signIn(server, IT_LEAD);
    const detail = (await (await dashboard.get(`/reports/${sent.id}`)).json()) as ReportReply;
    expect(detail.versions.map((v) => v.comment)).toEqual(['first words', 'second words', null]);
  });

  it('stores nothing for a follow-up that repeats the words it holds (a retry after a lost reply)', async () => {
    const sent = report({ reason: null, comment: null });
    await postReport(sent);
    expect((await followUp(sent, { reason: 'upset', comment: 'x' })).status).toBe(200);
    const before = await server.counts();
    expect((await followUp(sent, { reason: 'upset', comment: 'x' })).status).toBe(200);
    expect(await server.counts()).toEqual(before);
    expect((await server.store.reports.get(sent.id))!.versions).toHaveLength(2);
  });

  it('lets only the device that sent the report add to it: without its secret, or with another report\'s, 403 and nothing changes', async () => {
    const sent = report({ reason: 'rude-or-unsuitable', comment: 'the first words' });
    const other = report();
    await postReport(sent);
    await postReport(other);
    const before = await server.counts();
    const attempts = [
      { what: 'no secret', body: { reason: null, comment: 'rewritten' }, token: DEVICE_TOKEN },
      { what: "another report's secret", body: { reason: null, comment: 'rewritten', followUpSecret: other.followUpSecret }, token: DEVICE_TOKEN },
      { what: 'no secret, another device token', body: { reason: null, comment: 'rewritten' }, token: OTHER_DEVICE_TOKEN },
      { what: 'the right secret through a staff token', body: { reason: 'upset', comment: 'x', followUpSecret: sent.followUpSecret }, token: STAFF_TOKEN },
    ];
    for (const { what, body, token } of attempts) {
      const response = await patchReport(sent.id, body, token);
      expect(response.status, what).toBe(403);
      expect(typeof ((await response.json()) as { error?: unknown }).error, what).toBe('string');
    }
    expect(await server.counts()).toEqual(before);
    expect(await server.store.reports.get(sent.id)).toMatchObject({ reason: 'rude-or-unsuitable', comment: 'the first words', versions: [expect.objectContaining({ version: 1 })] });
    // The sender's secret works through any device token of the scope (a device moved to another OU keeps its outbox).
    expect((await followUp(sent, { reason: 'upset', comment: 'more' }, OTHER_DEVICE_TOKEN)).status).toBe(200);
  });

  it('keeps a report sent without a secret (an older extension), which then takes no follow-ups', async () => {
    const { followUpSecret: _none, ...old } = report({ reason: null, comment: null });
    expect((await postReport(old)).status).toBe(201);
    expect((await patchReport(old.id, { reason: 'upset', comment: null })).status).toBe(403);
    expect((await server.store.reports.get(old.id))!.reason).toBeNull();
  });

  it('stores only the sha256 of the secret, never the secret', async () => {
    const sent = report();
    await postReport(sent);
    const [row] = await server.rows<Record<string, unknown>>('SELECT * FROM reports WHERE id = ?', [sent.id]);
    expect(row!.follow_up_secret_sha256).toBe(createHash('sha256').update(sent.followUpSecret!).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(sent.followUpSecret);
    expect(JSON.stringify(await server.store.reports.get(sent.id))).not.toContain(sent.followUpSecret);
  });

  it('takes no follow-up once staff have acted (the DSL escalated it, or added a note): 409, and the words they read stay', async () => {
    const dsl = await signIn(server, DSL);
    const escalated = report({ reason: 'stranger-contact', comment: 'he asked for photos' });
    const noted = report({ reason: 'upset', comment: 'a video' });
    for (const sent of [escalated, noted]) await postReport(sent);
    await dsl.post(`/reports/${escalated.id}/status`, { status: 'escalated-to-dsl', note: 'calling parents' });
    await dsl.post(`/reports/${noted.id}/notes`, { note: 'spoke to the pupil' });
    for (const sent of [escalated, noted]) {
      const before = await server.counts();
      const held = (await server.store.reports.get(sent.id))!;
      const response = await followUp(sent, { reason: null, comment: 'nothing happened, ignore this' });
      expect(response.status).toBe(409);
      expect(await server.counts()).toEqual(before);
      expect(await server.store.reports.get(sent.id)).toEqual(held);
      // Neither can a picture be added after triage.
      expect((await followUp(sent, { reason: 'unkind-to-me', comment: null, screenshot: { mime: 'image/jpeg', base64: TINY_JPEG_BASE64 } })).status).toBe(409);
      // A retry of words it already holds is still answered as taken, and changes nothing.
      expect((await followUp(sent, { reason: sent.reason, comment: sent.comment })).status).toBe(200);
      expect(await server.counts()).toEqual(before);
    }
  });

  it('still takes a follow-up that arrives a day later from a device that was offline, while nobody has acted on the report', async () => {
    const sent = report({ reason: null, comment: null });
    await postReport(sent);
    server.clock.advanceMinutes(26 * 60);
    expect((await followUp(sent, { reason: 'unkind-to-me', comment: 'sent when I got home' })).status).toBe(200);
    expect((await server.store.reports.get(sent.id))!.versions.map((v) => v.source)).toEqual(['report', 'follow-up']);
  });

  it('keeps a screenshot sent with a reason that allows one, once, and says so in the trail', async () => {
    const shot = { mime: 'image/jpeg', base64: TINY_JPEG_BASE64 };
    const sent = report({ reason: null, comment: null, category: null });
    await postReport(sent);
    expect((await followUp(sent, { reason: 'unkind-to-me', comment: null, screenshot: shot })).status).toBe(200);
    expect((await server.store.reports.screenshot(sent.id))!.equals(Buffer.from(TINY_JPEG_BASE64, 'base64'))).toBe(true);
    const stored = await server.store.reports.get(sent.id);
    expect(stored!.trail.at(-1)!.note).toBe('words version 2: reason unkind-to-me; screenshot added');
    // The picture taken while the POST with the same reason was in flight comes alone: kept, no new version.
    const alone = report({ reason: 'over-blocking', comment: null });
    await postReport(alone);
    expect((await followUp(alone, { reason: 'over-blocking', comment: null, screenshot: shot })).status).toBe(200);
    const storedAlone = (await server.store.reports.get(alone.id))!;
    expect(storedAlone).toMatchObject({ hasScreenshot: true, versions: [expect.objectContaining({ version: 1 })] });
    expect(storedAlone.trail.at(-1)!.note).toBe('screenshot added');
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
      expect((await followUp(sent, { reason, comment: null, screenshot: shot })).status).toBe(200);
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
    expect((await followUp(sent, { reason: 'unkind-to-me', comment: null, screenshot: { mime: 'image/jpeg', base64: notJpeg } })).status).toBe(400);
    expect((await server.store.reports.get(sent.id))!.reason).toBeNull();
  });

  it('answers 404 for an id it does not hold', async () => {
    expect((await patchReport(randomUUID(), { reason: null, comment: null })).status).toBe(404);
    expect((await patchReport('not-a-uuid', { reason: null, comment: null })).status).toBe(404);
  });
});

describe('migration 2: versions for reports already held', () => {
  it('gives each report its words as one version: as received, or marked as held when a follow-up had already overwritten them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'school-endpoint-old-'));
    try {
      await oldDatabase(dataDir, 1, async (run) => {
        const insert = (id: string, updatedAt: string, reason: string | null, comment: string) =>
          run(
            `INSERT INTO reports (id, time, received_at, updated_at, client_ip, token_label, token_scope, "user", device_directory_id,
               device_serial_number, device_asset_id, year_group, role, extension_version, url, title, category, reason, comment, urgent, screenshot, status)
             VALUES (@id, '2025-01-06T09:00:00.000Z', '2025-01-06T09:00:01.000Z', @updatedAt, '10.1.2.3', 'pupils', 'device', 'p@school.example', '', '', '', 'Y9', 'pupil',
               '0.1.0', 'https://a.example/', 'A', NULL, @reason, @comment, 0, NULL, 'new')`,
            { id, updatedAt, reason, comment },
          );
        await insert('untouched', '2025-01-06T09:00:01.000Z', 'upset', 'as sent');
        await insert('rewritten', '2025-01-06T09:30:00.000Z', null, 'overwritten words');
        const trail = (at: string, note: string) =>
          run(`INSERT INTO report_trail (report_id, at, actor, action, status, note) VALUES ('rewritten', @at, 'device:pupils', 'pupil-update', NULL, @note)`, { at, note });
        await trail('2025-01-06T09:10:00.000Z', 'reason: upset');
        await trail('2025-01-06T09:30:00.000Z', 'reason: none');
      });

      // Opening the store runs the later migrations, as an upgraded endpoint does.
      await (await openStore({ dataDir, database: await testDatabase(dataDir) })).close();
      expect(await readRows(dataDir, 'SELECT report_id, version, at, source, reason, comment, token_label, client_ip FROM report_versions ORDER BY report_id')).toEqual([
        { report_id: 'rewritten', version: 1, at: '2025-01-06T09:30:00.000Z', source: 'held-before-versions', reason: null, comment: 'overwritten words', token_label: '', client_ip: '' },
        { report_id: 'untouched', version: 1, at: '2025-01-06T09:00:01.000Z', source: 'report', reason: 'upset', comment: 'as sent', token_label: 'pupils', client_ip: '10.1.2.3' },
      ]);
      expect(await readRows(dataDir, 'SELECT follow_up_secret_sha256 FROM reports')).toEqual([{ follow_up_secret_sha256: null }, { follow_up_secret_sha256: null }]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
