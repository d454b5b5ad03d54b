/**
 * A corpus of bad requests, each sent to the real endpoint: every one gets
 * the 4xx the wire contract names (src/events/wire.ts), nothing is stored,
 * nothing crashes, and the endpoint still answers afterwards.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, MAX_BATCH_BYTES, MAX_BATCH_EVENTS } from '../../src/events/wire';
import { MAX_SCREENSHOT_BASE64_CHARS, reportPath } from '../../src/reports/model';
import { CLASSES_PATH, overrideEndPath, teacherOverridesPath } from '../../src/overrides/model';
import { SCHOOL_LISTS_PATH } from '../../src/school-lists/model';
import { newFollowUpSecret } from '../../src/reports/follow-up-secret';
import { signIn } from './harness/dashboard';
import { batchOf, blockEvent, envelope, overrideRequest, report } from './harness/fixtures';
import { CSRF_HEADER, CSRF_VALUE, DASHBOARD_API } from '../../server/src/dashboard-api/types';
import { bearer, DEVICE_TOKEN, DSL, IT_LEAD, jsonPost, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

let server: TestServer;
let storedReportId: string;
/** A report the DSL has started on: it takes no more follow-ups, even with its secret. */
const triaged = report({ reason: 'stranger-contact', comment: 'the words the DSL read' });
beforeAll(async () => {
  server = await startTestServer({ config: { lockedDomains: ['locked.example'] } });
  // Something to aim updates at, sent with a device token.
  const sent = report();
  storedReportId = sent.id;
  expect((await server.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, sent))).status).toBe(201);
  expect((await server.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, triaged))).status).toBe(201);
  const dsl = await signIn(server, DSL);
  dslCookie = dsl.cookie;
  itLeadCookie = (await signIn(server, IT_LEAD)).cookie;
  expect((await dsl.post(`/reports/${triaged.id}/status`, { status: 'escalated-to-dsl', note: null })).status).toBe(200);
  expect((await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, batchOf(3)))).status).toBe(200);
  // A device and an account at their report limits (20 in 5 minutes; the clock does not move here).
  for (let i = 0; i < 20; i++) {
    expect((await server.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, report({ device: limitedDevice, user: `p${i}@school.example` })))).status).toBe(201);
    expect((await server.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, report({ device: { directoryId: `d${i}`, serialNumber: '', assetId: '' }, user: limitedAccount })))).status).toBe(201);
  }
  // This address at its sign-in limit (10 failures in 15 minutes).
  for (let i = 0; i < 10; i++) expect((await server.fetch(LOGIN_PATH, signInRequest({ username: IT_LEAD.username, password: 'wrong' }))).status).toBe(401);
});

const limitedDevice = { directoryId: 'dir-limited', serialNumber: 'SN-LIMITED', assetId: '' };
const DASHBOARD_SCHOOL_LISTS = `${DASHBOARD_API}/school-lists`;
const CLASSIFIED_DECISIONS = `${DASHBOARD_API}/classified-sites/decisions`;
const classifiedDecision = (fields: Record<string, unknown> = {}) => ({ host: 'proxy.example', decision: 'confirm', reason: 'Looks like a proxy', ...fields });
const schoolListAdd = (overrides: Record<string, unknown> = {}) => ({ action: 'block', targets: ['bad.example'], audience: { scope: 'pupils' }, reason: 'Reported as unsuitable', ...overrides });
/** Dashboard sessions, signed in before the sign-in limit below is reached. */
let itLeadCookie = '';
let dslCookie = '';
const dashboardPost = (cookie: () => string) => (body: unknown, csrf = true): RequestInit => ({
  method: 'POST',
  headers: { ...json, cookie: cookie(), ...(csrf ? { [CSRF_HEADER]: CSRF_VALUE } : {}) },
  body: JSON.stringify(body),
});
const itLeadPost = dashboardPost(() => itLeadCookie);
const dslPost = dashboardPost(() => dslCookie);
const limitedAccount = 'busy.pupil@school.example';
const LOGIN_PATH = `${DASHBOARD_API}/login`;
const signInRequest = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_VALUE }, body: JSON.stringify(body) });
afterAll(() => server.close());

interface BadRequest {
  name: string;
  path: string;
  init: () => RequestInit;
  status: number;
}

const json = { 'content-type': 'application/json' };
const device = bearer(DEVICE_TOKEN);
const validBatch = () => JSON.stringify(batchOf(2));
/** Compresses ~20 KB into 12 MB of zeros once expanded: far past the cap. */
const gzipBomb = () => gzipSync(Buffer.alloc(12 * 1024 * 1024, 0x20), { level: 9 });
const nested = (depth: number) => `{"events":${'['.repeat(depth)}${']'.repeat(depth)}}`;

const CORPUS: BadRequest[] = [
  { name: 'no Authorization header', path: API_PATHS.events, init: () => ({ method: 'POST', headers: json, body: validBatch() }), status: 401 },
  { name: 'unknown token', path: API_PATHS.events, init: () => ({ method: 'POST', headers: { ...json, ...bearer('not-a-real-token-at-all-0000') }, body: validBatch() }), status: 401 },
  { name: 'Basic instead of Bearer', path: API_PATHS.events, init: () => ({ method: 'POST', headers: { ...json, authorization: `Basic ${Buffer.from(`x:${DEVICE_TOKEN}`).toString('base64')}` }, body: validBatch() }), status: 401 },
  { name: 'empty Bearer', path: API_PATHS.events, init: () => ({ method: 'POST', headers: { ...json, authorization: 'Bearer ' }, body: validBatch() }), status: 401 },
  { name: 'unknown token on reports', path: API_PATHS.reports, init: () => jsonPost('wrong-token-wrong-token-wrong', report()), status: 401 },
  { name: 'unknown token on overrides', path: '/v1/overrides?user=a@b.example', init: () => ({ headers: bearer('wrong-token-wrong-token-wrong') }), status: 401 },
  { name: 'device token opening an allowlist', path: API_PATHS.overrides, init: () => jsonPost(DEVICE_TOKEN, overrideRequest()), status: 403 },
  { name: 'device token ending an allowlist', path: overrideEndPath(randomUUID()), init: () => jsonPost(DEVICE_TOKEN, { endedBy: 't@school.example' }), status: 403 },
  { name: 'staff token updating a device report', path: reportPath('REPORT'), init: () => jsonPost(STAFF_TOKEN, { reason: 'upset', comment: null }, 'PATCH'), status: 403 },
  { name: 'malformed JSON', path: API_PATHS.events, init: () => ({ method: 'POST', headers: { ...json, ...device }, body: '{"events": [' }), status: 400 },
  { name: 'empty JSON body', path: API_PATHS.events, init: () => ({ method: 'POST', headers: { ...json, ...device }, body: '' }), status: 400 },
  { name: 'JSON that is not an object', path: API_PATHS.events, init: () => jsonPost(DEVICE_TOKEN, '[1,2,3]'), status: 400 },
  { name: 'no events', path: API_PATHS.events, init: () => jsonPost(DEVICE_TOKEN, { events: [] }), status: 400 },
  { name: 'one event too many', path: API_PATHS.events, init: () => jsonPost(DEVICE_TOKEN, batchOf(MAX_BATCH_EVENTS + 1, () => ({ ...envelope(), type: 'navigation', host: 'a.example' }))), status: 400 },
  { name: 'event id not a UUID', path: API_PATHS.events, init: () => jsonPost(DEVICE_TOKEN, { events: [{ ...blockEvent(), id: 'not-a-uuid' }] }), status: 400 },
  { name: 'unknown event type', path: API_PATHS.events, init: () => jsonPost(DEVICE_TOKEN, { events: [{ ...blockEvent(), type: 'keylog' }] }), status: 400 },
  { name: 'one bad event spoils the batch', path: API_PATHS.events, init: () => jsonPost(DEVICE_TOKEN, { events: [blockEvent(), { ...blockEvent(), time: 'yesterday' }] }), status: 400 },
  { name: 'prototype pollution attempt', path: API_PATHS.events, init: () => jsonPost(DEVICE_TOKEN, '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"events":[]}'), status: 400 },
  { name: 'deeply nested JSON', path: API_PATHS.events, init: () => jsonPost(DEVICE_TOKEN, nested(100_000)), status: 400 },
  { name: 'invalid UTF-8', path: API_PATHS.events, init: () => ({ method: 'POST', headers: { ...json, ...device }, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }), status: 400 },
  { name: 'text/plain body', path: API_PATHS.events, init: () => ({ method: 'POST', headers: { 'content-type': 'text/plain', ...device }, body: validBatch() }), status: 415 },
  { name: 'form body', path: API_PATHS.events, init: () => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...device }, body: 'events=1' }), status: 415 },
  { name: 'no Content-Type', path: API_PATHS.events, init: () => ({ method: 'POST', headers: device, body: new Blob([validBatch()]) }), status: 415 },
  { name: 'Brotli encoding', path: API_PATHS.events, init: () => ({ method: 'POST', headers: { ...json, ...device, 'content-encoding': 'br' }, body: validBatch() }), status: 415 },
  { name: 'gzip header on a plain body', path: API_PATHS.events, init: () => ({ method: 'POST', headers: { ...json, ...device, 'content-encoding': 'gzip' }, body: validBatch() }), status: 400 },
  { name: 'truncated gzip', path: API_PATHS.events, init: () => ({ method: 'POST', headers: { ...json, ...device, 'content-encoding': 'gzip' }, body: gzipSync(validBatch()).subarray(0, 40) }), status: 400 },
  { name: 'gzip bomb', path: API_PATHS.events, init: () => ({ method: 'POST', headers: { ...json, ...device, 'content-encoding': 'gzip' }, body: gzipBomb() }), status: 413 },
  { name: 'body over the cap', path: API_PATHS.events, init: () => jsonPost(DEVICE_TOKEN, `{"events":[],"pad":"${'x'.repeat(MAX_BATCH_BYTES)}"}`), status: 413 },
  { name: 'body far over the cap', path: API_PATHS.events, init: () => jsonPost(DEVICE_TOKEN, 'x'.repeat(8 * 1024 * 1024)), status: 413 },
  { name: 'report screenshot that is not a JPEG', path: API_PATHS.reports, init: () => jsonPost(DEVICE_TOKEN, report({ screenshot: { mime: 'image/jpeg', base64: Buffer.from('<svg onload=alert(1)>').toString('base64') } })), status: 400 },
  { name: 'report screenshot too large', path: API_PATHS.reports, init: () => jsonPost(DEVICE_TOKEN, report({ screenshot: { mime: 'image/jpeg', base64: `/9j/${'A'.repeat(MAX_SCREENSHOT_BASE64_CHARS)}` } })), status: 400 },
  { name: 'report screenshot as PNG', path: API_PATHS.reports, init: () => jsonPost(DEVICE_TOKEN, { ...report(), screenshot: { mime: 'image/png', base64: 'iVBORw0KGgo=' } }), status: 400 },
  { name: 'report comment too long', path: API_PATHS.reports, init: () => jsonPost(DEVICE_TOKEN, report({ comment: 'x'.repeat(2001) })), status: 400 },
  { name: 'report with an unknown reason', path: API_PATHS.reports, init: () => jsonPost(DEVICE_TOKEN, { ...report(), reason: 'bored' }), status: 400 },
  { name: 'report update to an unknown id', path: reportPath(randomUUID()), init: () => jsonPost(DEVICE_TOKEN, { reason: null, comment: null }, 'PATCH'), status: 404 },
  { name: 'report update with a bad body', path: reportPath('REPORT'), init: () => jsonPost(DEVICE_TOKEN, { reason: 'bored', comment: 3 }, 'PATCH'), status: 400 },
  { name: 'report update without the follow-up secret', path: reportPath('REPORT'), init: () => jsonPost(DEVICE_TOKEN, { reason: null, comment: 'rewritten' }, 'PATCH'), status: 403 },
  { name: 'report update with a wrong follow-up secret', path: reportPath('REPORT'), init: () => jsonPost(DEVICE_TOKEN, { reason: null, comment: 'rewritten', followUpSecret: newFollowUpSecret() }, 'PATCH'), status: 403 },
  { name: 'report update with a malformed follow-up secret', path: reportPath('REPORT'), init: () => jsonPost(DEVICE_TOKEN, { reason: null, comment: 'rewritten', followUpSecret: 'short' }, 'PATCH'), status: 400 },
  { name: 'report update after the DSL started on it', path: reportPath(triaged.id), init: () => jsonPost(DEVICE_TOKEN, { reason: null, comment: 'ignore this', followUpSecret: triaged.followUpSecret }, 'PATCH'), status: 409 },
  { name: 'allowlist with 21 domains', path: API_PATHS.overrides, init: () => jsonPost(STAFF_TOKEN, overrideRequest({ domains: Array.from({ length: 21 }, (_, i) => `d${i}.example`) })), status: 400 },
  { name: 'allowlist for nobody', path: API_PATHS.overrides, init: () => jsonPost(STAFF_TOKEN, overrideRequest({ audience: { yearGroups: [], classes: [], pupils: [] } })), status: 400 },
  { name: 'allowlist for an IP address', path: API_PATHS.overrides, init: () => jsonPost(STAFF_TOKEN, overrideRequest({ domains: ['10.0.0.1'] })), status: 400 },
  { name: 'allowlist without a reason', path: API_PATHS.overrides, init: () => jsonPost(STAFF_TOKEN, overrideRequest({ reason: ' ' })), status: 400 },
  { name: 'allowlist ending before it starts', path: API_PATHS.overrides, init: () => jsonPost(STAFF_TOKEN, overrideRequest({ endsAt: new Date(Date.now() - 3_600_000).toISOString() })), status: 400 },
  { name: 'allowlist for a whole day', path: API_PATHS.overrides, init: () => jsonPost(STAFF_TOKEN, overrideRequest({ endsAt: new Date(Date.now() + 86_400_000).toISOString() })), status: 422 },
  { name: 'allowlist for a locked domain', path: API_PATHS.overrides, init: () => jsonPost(STAFF_TOKEN, overrideRequest({ domains: ['locked.example'] })), status: 422 },
  { name: 'ending an unknown allowlist', path: overrideEndPath(randomUUID()), init: () => jsonPost(STAFF_TOKEN, { endedBy: 't@school.example' }), status: 404 },
  { name: 'ending without saying who', path: overrideEndPath(randomUUID()), init: () => jsonPost(STAFF_TOKEN, {}), status: 400 },
  { name: 'active allowlists for a user that is not an email', path: '/v1/overrides?user=not-an-email&yearGroup=Y9', init: () => ({ headers: device }), status: 400 },
  { name: "device token listing a teacher's allowlists", path: teacherOverridesPath('t@school.example'), init: () => ({ headers: device }), status: 403 },
  { name: "a teacher's allowlists without saying whose", path: `${API_PATHS.overrides}/created`, init: () => ({ headers: bearer(STAFF_TOKEN) }), status: 400 },
  { name: 'device token reading the class list', path: CLASSES_PATH, init: () => ({ headers: device }), status: 403 },
  { name: 'active allowlists for a year 14', path: '/v1/overrides?user=a@school.example&yearGroup=Y14', init: () => ({ headers: device }), status: 400 },
  { name: 'report from a device over its limit', path: API_PATHS.reports, init: () => jsonPost(DEVICE_TOKEN, report({ device: limitedDevice, user: 'new@school.example' })), status: 429 },
  { name: 'report from an account over its limit', path: API_PATHS.reports, init: () => jsonPost(DEVICE_TOKEN, report({ device: { directoryId: 'd-new', serialNumber: '', assetId: '' }, user: limitedAccount })), status: 429 },
  { name: 'sign-in from an address over its limit, right password', path: LOGIN_PATH, init: () => signInRequest(IT_LEAD), status: 429 },
  { name: 'school lists without a token', path: `${SCHOOL_LISTS_PATH}?role=pupil`, init: () => ({}), status: 401 },
  { name: 'school lists for a role that is not one', path: `${SCHOOL_LISTS_PATH}?role=teacher`, init: () => ({ headers: device }), status: 400 },
  { name: 'school lists for a year 14', path: `${SCHOOL_LISTS_PATH}?role=pupil&yearGroup=Y14`, init: () => ({ headers: device }), status: 400 },
  { name: 'school lists without saying who asks', path: SCHOOL_LISTS_PATH, init: () => ({ headers: device }), status: 400 },
  { name: 'device token changing the school lists', path: SCHOOL_LISTS_PATH, init: () => jsonPost(DEVICE_TOKEN, schoolListAdd()), status: 404 },
  { name: 'staff token changing the school lists', path: SCHOOL_LISTS_PATH, init: () => jsonPost(STAFF_TOKEN, schoolListAdd()), status: 404 },
  { name: 'staff token on the dashboard school lists', path: DASHBOARD_SCHOOL_LISTS, init: () => ({ ...jsonPost(STAFF_TOKEN, schoolListAdd()), headers: { ...json, ...bearer(STAFF_TOKEN), [CSRF_HEADER]: CSRF_VALUE } }), status: 401 },
  { name: 'school list add without the CSRF header', path: DASHBOARD_SCHOOL_LISTS, init: () => itLeadPost(schoolListAdd(), false), status: 403 },
  { name: 'school list add for an IP address', path: DASHBOARD_SCHOOL_LISTS, init: () => itLeadPost(schoolListAdd({ targets: ['10.0.0.1'] })), status: 400 },
  { name: 'school list add with a wildcard path', path: DASHBOARD_SCHOOL_LISTS, init: () => itLeadPost(schoolListAdd({ targets: ['ads.example/banner*'] })), status: 400 },
  { name: 'school list add without a reason', path: DASHBOARD_SCHOOL_LISTS, init: () => itLeadPost(schoolListAdd({ reason: '  ' })), status: 400 },
  { name: 'school list add for nobody', path: DASHBOARD_SCHOOL_LISTS, init: () => itLeadPost(schoolListAdd({ audience: { scope: 'year-groups', yearGroups: [] } })), status: 400 },
  { name: 'school list add for a year 14', path: DASHBOARD_SCHOOL_LISTS, init: () => itLeadPost(schoolListAdd({ audience: { scope: 'year-groups', yearGroups: ['Y14'] } })), status: 400 },
  { name: 'school list add of 5,001 sites', path: DASHBOARD_SCHOOL_LISTS, init: () => itLeadPost(schoolListAdd({ targets: Array.from({ length: 5_001 }, (_, i) => `s${i}.example`) })), status: 400 },
  { name: 'school list add that would open a locked domain', path: DASHBOARD_SCHOOL_LISTS, init: () => itLeadPost(schoolListAdd({ action: 'allow', targets: ['locked.example'] })), status: 422 },
  { name: 'school list add that resolves no report', path: DASHBOARD_SCHOOL_LISTS, init: () => itLeadPost(schoolListAdd({ resolveReport: true })), status: 400 },
  { name: 'school list add from an unknown report', path: DASHBOARD_SCHOOL_LISTS, init: () => itLeadPost(schoolListAdd({ reportId: randomUUID() })), status: 404 },
  { name: 'school list allow by a DSL', path: DASHBOARD_SCHOOL_LISTS, init: () => dslPost(schoolListAdd({ action: 'allow' })), status: 403 },
  { name: 'school list edit of an unknown entry', path: `${DASHBOARD_SCHOOL_LISTS}/${randomUUID()}`, init: () => itLeadPost({ audience: { scope: 'pupils' }, endsAt: null, reason: 'change it' }), status: 404 },
  { name: 'school list edit of an id that is not one', path: `${DASHBOARD_SCHOOL_LISTS}/1%20OR%201=1`, init: () => itLeadPost({ audience: { scope: 'pupils' }, endsAt: null, reason: 'change it' }), status: 404 },
  { name: 'school list removal without a reason', path: `${DASHBOARD_SCHOOL_LISTS}/${randomUUID()}/remove`, init: () => itLeadPost({}), status: 400 },
  // A classifier review: a school list change too, so only a dashboard session, with the CSRF header, in the role that may.
  { name: 'staff token confirming a classified site', path: CLASSIFIED_DECISIONS, init: () => ({ ...jsonPost(STAFF_TOKEN, classifiedDecision()), headers: { ...json, ...bearer(STAFF_TOKEN), [CSRF_HEADER]: CSRF_VALUE } }), status: 401 },
  { name: 'classified site decision without the CSRF header', path: CLASSIFIED_DECISIONS, init: () => itLeadPost(classifiedDecision(), false), status: 403 },
  { name: 'classified site rejected by a DSL', path: CLASSIFIED_DECISIONS, init: () => dslPost(classifiedDecision({ decision: 'reject' })), status: 403 },
  { name: 'classified site decision on a host the classifier never stopped', path: CLASSIFIED_DECISIONS, init: () => itLeadPost(classifiedDecision()), status: 404 },
  { name: 'classified site decision on a list address', path: CLASSIFIED_DECISIONS, init: () => itLeadPost(classifiedDecision({ host: 'proxy.example/path' })), status: 400 },
  { name: 'classified sites for 10 years', path: `${CLASSIFIED_DECISIONS.replace('/decisions', '')}?days=3650`, init: () => ({ headers: { cookie: itLeadCookie } }), status: 400 },
  { name: 'wrong method', path: API_PATHS.events, init: () => ({ method: 'PUT', headers: { ...json, ...device }, body: validBatch() }), status: 404 },
  { name: 'unknown path', path: '/v1/secrets', init: () => ({ headers: device }), status: 404 },
];

describe('the bad-request corpus', () => {
  it(`has at least 20 cases (${CORPUS.length})`, () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CORPUS)('$name → $status, nothing stored', async ({ path, init, status }) => {
    const before = await server.counts();
    const response = await server.fetch(path.replace('REPORT', storedReportId), init());
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error?: unknown };
    expect(typeof body.error).toBe('string');
    expect(await server.counts()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leaves the endpoint answering, and the stored report untouched', async () => {
    const health = await server.fetch(API_PATHS.health);
    expect(health.status).toBe(200);
    expect((await server.store.reports.get(storedReportId))!.reason).toBe('rude-or-unsuitable');
    expect(await server.store.reports.get(triaged.id)).toMatchObject({ reason: 'stranger-contact', comment: 'the words the DSL read', versions: [expect.objectContaining({ version: 1 })] });
    expect((await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, batchOf(1)))).status).toBe(200);
  });
});
