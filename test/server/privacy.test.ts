/**
 * UK GDPR: the retention purge (at start, daily, and as a function) and the
 * subject access export of everything held about one person.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import type { SubjectAccessExport } from '../../server/src/store/rows';
import { purgeExpired } from '../../server/src/retention/purge';
import { signIn, type DashboardClient } from './harness/dashboard';
import { blockEvent, heartbeatEvent, navigationEvent, overrideRequest, report, searchEvent, TINY_JPEG_BASE64 } from './harness/fixtures';
import { DEVICE_TOKEN, IT_LEAD, jsonPost, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

const DAY = 24 * 60;
const T0 = new Date('2025-01-06T09:00:00.000Z');

async function post(server: TestServer, path: string, body: unknown, token = DEVICE_TOKEN): Promise<void> {
  const response = await server.fetch(path, jsonPost(token, body));
  expect(response.status).toBeLessThan(300);
}

describe('retention', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ start: T0, config: { retentionDays: 30 } });
  });
  afterAll(() => server.close());

  it('deletes events, reports, safeguarding alerts, finished allowlists and silent devices older than the retention period, and nothing newer', async () => {
    const oldDevice = { directoryId: 'dir-old', serialNumber: 'SN-OLD', assetId: '' };
    await post(server, API_PATHS.events, { events: [blockEvent({ time: T0.toISOString() }), heartbeatEvent({ device: oldDevice, time: T0.toISOString() })] });
    const oldReport = report({ time: T0.toISOString(), reason: 'unkind-to-me', screenshot: { mime: 'image/jpeg', base64: TINY_JPEG_BASE64 } });
    await post(server, API_PATHS.reports, oldReport);
    const endedEarly = overrideRequest({}, T0);
    const ranOut = overrideRequest({}, T0);
    await post(server, API_PATHS.overrides, endedEarly, STAFF_TOKEN);
    await post(server, API_PATHS.overrides, ranOut, STAFF_TOKEN);
    await post(server, `${API_PATHS.overrides}/${endedEarly.id}/end`, { endedBy: 'teacher@school.example' }, STAFF_TOKEN);

    server.clock.advanceMinutes(20 * DAY);
    const recentReport = report();
    await post(server, API_PATHS.events, { events: [navigationEvent('recent.example', { time: server.clock.now().toISOString() })] });
    await post(server, API_PATHS.reports, recentReport);
    await post(server, API_PATHS.overrides, overrideRequest({}, server.clock.now()), STAFF_TOKEN);
    const signedIn = await signIn(server, IT_LEAD);
    await signedIn.post(`/reports/${oldReport.id}/notes`, { note: 'a note on an old report' });
    const before = await server.counts();
    // The old gambling block is a safeguarding alert too.
    expect(before).toMatchObject({ events: 3, reports: 2, overrides: 3, devices: 2, sessions: 1, alerts: 1 });

    // 29 days: no data is old enough yet; only the dashboard session (nine days past its expiry) goes.
    expect(await purgeExpired(server.store, 30, new Date(T0.getTime() + 29 * DAY * 60_000))).toEqual({ events: 0, reports: 0, overrides: 0, schoolListEntries: 0, devices: 0, sessions: 1, alerts: 0, notifications: 0 });

    // 31 days after the first data.
    const purged = await purgeExpired(server.store, 30, new Date(T0.getTime() + 31 * DAY * 60_000));
    expect(purged).toEqual({ events: 2, reports: 1, overrides: 2, schoolListEntries: 0, devices: 1, sessions: 0, alerts: 1, notifications: 0 });
    expect(await server.counts()).toMatchObject({ events: 1, reports: 1, report_trail: 1, report_versions: 1, overrides: 1, devices: 1, sessions: 0, alerts: 0, alert_evidence: 0, alert_trail: 0 });
    expect(await server.store.reports.get(recentReport.id)).not.toBeNull();
    expect(await server.store.reports.get(oldReport.id)).toBeNull();
  });

  it('purges at start-up too, so a server that was off catches up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'school-endpoint-restart-'));
    try {
      const first = await startTestServer({ start: T0, dataDir, config: { retentionDays: 7 } });
      await post(first, API_PATHS.events, { events: [blockEvent(), searchEvent('old search')] });
      await first.close();
      const again = await startTestServer({ start: T0, dataDir, config: { retentionDays: 7 } });
      expect((await again.counts()).events).toBe(2);
      await again.close();
      const logLines: string[] = [];
      const later = await startTestServer({ start: new Date(T0.getTime() + 8 * DAY * 60_000), dataDir, config: { retentionDays: 7 }, logLines });
      // The start-up purge runs beside the listening app, not before it (server/src/retention/purge.ts says why): wait for it.
      expect(await later.startupPurge).toMatchObject({ ran: true, result: { events: 2 } });
      expect(logLines.find((line) => line.includes('"retention purge"'))).toContain('"events":2');
      expect((await later.counts()).events).toBe(0);
      await later.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('subject access', () => {
  const subject = 'subject.pupil@school.example';
  const other = 'other.pupil@school.example';
  const teacher = 'the.teacher@school.example';
  const classmateReason = `Coursework catch-up for ${subject} and ${other} (Alex has extra time)`;
  let server: TestServer;
  let dashboard: DashboardClient;
  const subjectReport = report({ user: subject, reason: 'unkind-to-me', comment: 'my own words', screenshot: { mime: 'image/jpeg', base64: TINY_JPEG_BASE64 } });
  /** Names two pupils; the teacher's reason names both. */
  const namingBoth = overrideRequest({ createdBy: teacher, reason: classmateReason, audience: { yearGroups: [], classes: ['7S/Sc1'], pupils: [subject, other] } });
  const openedByTeacher = overrideRequest({ createdBy: teacher, audience: { yearGroups: ['Y7'], classes: [], pupils: [] } });
  const notThem = overrideRequest({ audience: { yearGroups: [], classes: [], pupils: [other] } });

  beforeAll(async () => {
    server = await startTestServer();
    dashboard = await signIn(server, IT_LEAD);
    const device = { directoryId: 'dir-subject', serialNumber: 'SN-SUBJECT', assetId: '' };
    await post(server, API_PATHS.events, {
      events: [searchEvent('private question', { user: subject, device }), blockEvent({ user: subject, device }), searchEvent('someone else', { user: other })],
    });
    await post(server, API_PATHS.reports, subjectReport);
    await post(server, API_PATHS.reports, report({ user: other }));
    for (const request of [namingBoth, openedByTeacher, notThem]) await post(server, API_PATHS.overrides, request, STAFF_TOKEN);
    await dashboard.post('/rosters', `7S/Sc1,${subject}\n7S/Sc1,${other}\n`, 'text/csv');
    await dashboard.post(`/reports/${subjectReport.id}/notes`, { note: 'spoke to them' });
  });
  afterAll(() => server.close());

  const exportOf = async (user: string) => (await (await dashboard.get(`/subject-access?user=${encodeURIComponent(user)}`)).json()) as SubjectAccessExport;

  it('exports everything held about one person, and nothing about anyone else', async () => {
    const response = await dashboard.get(`/subject-access?user=${encodeURIComponent('Subject.Pupil@School.Example')}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="subject-access-subject\.pupil@school\.example-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = (await response.json()) as SubjectAccessExport;
    expect(data.user).toBe(subject);
    expect(data.events.map((row) => row.event.type).sort()).toEqual(['block', 'search']);
    expect(data.events.every((row) => row.event.user === subject && row.clientIp === '127.0.0.1')).toBe(true);
    expect(data.reports).toHaveLength(1);
    expect(data.reports[0]).toMatchObject({ id: subjectReport.id, comment: 'my own words', screenshotBase64: TINY_JPEG_BASE64 });
    expect(data.reports[0]!.versions).toEqual([expect.objectContaining({ version: 1, source: 'report', reason: 'unkind-to-me', comment: 'my own words' })]);
    expect(data.reports[0]!.trail.map((entry) => entry.action)).toEqual(['received', 'note']);
    expect(data.overrides.map((o) => o.id)).toEqual([namingBoth.id]);
    expect(data.rosterRows).toEqual([expect.objectContaining({ className: '7S/Sc1', pupil: subject })]);
    // Where their events came from, and where their report came from (dir-001, whose last user is the other pupil: not named).
    expect(data.devices.map((d) => [d.directoryId, d.lastUser]).sort()).toEqual([
      ['dir-001', null],
      ['dir-subject', subject],
    ]);
    expect(JSON.stringify(data)).not.toContain(other);
  });

  it("shows a pupil an allowlist that named them and a classmate: that it named them and how many, never the classmate's account or the teacher's words", async () => {
    for (const [pupil, classmate] of [
      [subject, other],
      [other, subject],
    ] as const) {
      const data = await exportOf(pupil);
      const shown = data.overrides.find((o) => o.id === namingBoth.id);
      expect(shown, pupil).toEqual({
        id: namingBoth.id,
        concerns: ['named'],
        domains: namingBoth.domains,
        startsAt: namingBoth.startsAt,
        endsAt: namingBoth.endsAt,
        createdAt: expect.any(String),
        createdBy: teacher,
        endedAt: null,
        endedBy: null,
        createdByVerified: false,
        endedByVerified: null,
        audience: { yearGroups: [], classes: ['7S/Sc1'], namesThisPerson: true, namedPupils: 2 },
        reason: null,
        reasonWithheld: true,
        tokenLabel: null,
        clientIp: null,
      });
      const text = JSON.stringify(data.overrides);
      expect(text, pupil).not.toContain(classmate);
      expect(text, pupil).not.toContain('Alex has extra time');
    }
  });

  it("gives a teacher the allowlists they opened, with their own reason, and a count of the pupils named instead of their accounts", async () => {
    const data = await exportOf(teacher);
    expect(data.overrides.map((o) => o.id).sort()).toEqual([namingBoth.id, openedByTeacher.id].sort());
    const named = data.overrides.find((o) => o.id === namingBoth.id)!;
    expect(named).toMatchObject({
      concerns: ['opened'],
      reason: classmateReason,
      reasonWithheld: false,
      tokenLabel: 'staff',
      clientIp: '127.0.0.1',
      audience: { yearGroups: [], classes: ['7S/Sc1'], namesThisPerson: false, namedPupils: 2 },
    });
    expect(JSON.stringify(data.overrides.map(({ reason: _own, ...rest }) => rest))).not.toMatch(/pupil@school\.example/);
  });

  it('needs an email address', async () => {
    expect((await dashboard.get('/subject-access?user=')).status).toBe(400);
  });
});
