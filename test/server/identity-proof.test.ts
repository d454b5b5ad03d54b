/**
 * Issue 21: the endpoint checks the identity proof a device sends (X-Identity-Proof, a Google ID token) against
 * the loopback stand-in issuer's real RS256 keys. Staff actions need one and name its account; pupils' records
 * naming another account than a valid proof are refused, and without a valid proof are stored marked unverified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { overrideEndPath, teacherOverridesPath } from '../../src/overrides/model';
import { IDENTITY_PROOF_HEADER } from '../../src/shared/identity-proof';
import { blockEvent, envelope, overrideRequest, report } from './harness/fixtures';
import { makeKey, mintIdToken, startStandInProvider, type StandInProvider } from './harness/oidc-provider';
import { DEVICE_TOKEN, jsonPost, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

const EXTENSION_CLIENT = 'school-filter-extension.apps.example';
const TEACHER = 'teacher@school.example';
const PUPIL = 'pupil.one@school.example';
const OTHER_PUPIL = 'pupil.two@school.example';

let provider: StandInProvider;
let server: TestServer;
const logLines: string[] = [];

beforeAll(async () => {
  provider = await startStandInProvider();
  server = await startTestServer({
    logLines,
    config: { identityProof: { clientIds: [EXTENSION_CLIENT], domains: ['school.example'], issuer: provider.issuer } },
  });
});
afterAll(async () => {
  await server?.close();
  await provider?.close();
});

function proof(email: string, extra: Omit<Parameters<typeof mintIdToken>[1], 'email' | 'aud' | 'now'> & { aud?: string } = {}): string {
  return mintIdToken(provider, { email, aud: EXTENSION_CLIENT, now: server.clock.now(), ...extra });
}

function post(path: string, token: string, body: unknown, idToken?: string, method = 'POST'): Promise<Response> {
  const init = jsonPost(token, body, method);
  return server.fetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), ...(idToken ? { [IDENTITY_PROOF_HEADER]: idToken } : {}) } });
}

function rows<T>(sql: string, ...params: unknown[]): Promise<T[]> {
  return server.rows<T>(sql, params);
}

function logged(problem: string): Record<string, unknown>[] {
  return logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.problem === problem);
}

describe('staff actions (identityProof.require.staff, on by default)', () => {
  it('a staff token without a proof cannot create an allowlist: 401 naming the problem, logged, nothing stored', async () => {
    const before = (await server.counts()).overrides;
    const response = await post(API_PATHS.overrides, STAFF_TOKEN, overrideRequest({}, server.clock.now()));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'staff actions need a valid identity proof: no proof', problem: 'missing' });
    expect((await server.counts()).overrides).toBe(before);
    expect(logged('missing').at(-1)).toMatchObject({ tokenLabel: 'staff', route: 'POST /v1/overrides', level: 40 });
  });

  it('a device token cannot create one even with a valid proof (its scope does not allow it)', async () => {
    const response = await post(API_PATHS.overrides, DEVICE_TOKEN, overrideRequest({ createdBy: PUPIL }, server.clock.now()), proof(PUPIL));
    expect(response.status).toBe(403);
  });

  it('a valid proof creates it, and createdBy is the proof’s account (lowercased), stored as verified', async () => {
    const request = overrideRequest({ createdBy: 'Teacher@School.Example' }, server.clock.now());
    const response = await post(API_PATHS.overrides, STAFF_TOKEN, request, proof('Teacher@School.Example'));
    expect(response.status).toBe(201);
    expect(((await response.json()) as { createdBy: string }).createdBy).toBe(TEACHER);
    expect(await rows('SELECT created_by, created_by_verified FROM overrides WHERE id = ?', request.id)).toEqual([{ created_by: TEACHER, created_by_verified: 1 }]);
  });

  it('a body naming another account than the proof is refused 403 other-account', async () => {
    const request = overrideRequest({ createdBy: 'head@school.example' }, server.clock.now());
    const response = await post(API_PATHS.overrides, STAFF_TOKEN, request, proof(TEACHER));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ problem: 'other-account' });
    expect(await rows('SELECT id FROM overrides WHERE id = ?', request.id)).toEqual([]);
  });

  it('ending needs a proof too, and endedBy is the proof’s account', async () => {
    const request = overrideRequest({ createdBy: TEACHER }, server.clock.now());
    expect((await post(API_PATHS.overrides, STAFF_TOKEN, request, proof(TEACHER))).status).toBe(201);
    expect((await post(overrideEndPath(request.id), STAFF_TOKEN, { endedBy: TEACHER })).status).toBe(401);
    expect((await post(overrideEndPath(request.id), STAFF_TOKEN, { endedBy: 'head@school.example' }, proof(TEACHER))).status).toBe(403);
    const ended = await post(overrideEndPath(request.id), STAFF_TOKEN, { endedBy: 'TEACHER@school.example' }, proof(TEACHER));
    expect(ended.status).toBe(200);
    expect(await rows('SELECT ended_by, ended_by_verified FROM overrides WHERE id = ?', request.id)).toEqual([{ ended_by: TEACHER, ended_by_verified: 1 }]);
  });

  it('a teacher’s own list is only their own', async () => {
    const list = (by: string, idToken?: string) => server.fetch(teacherOverridesPath(by), { headers: { authorization: `Bearer ${STAFF_TOKEN}`, ...(idToken ? { [IDENTITY_PROOF_HEADER]: idToken } : {}) } });
    expect((await list(TEACHER)).status).toBe(401);
    expect((await list('head@school.example', proof(TEACHER))).status).toBe(403);
    const own = await list(TEACHER, proof(TEACHER));
    expect(own.status).toBe(200);
    expect(((await own.json()) as { overrides: { createdBy: string }[] }).overrides.every((override) => override.createdBy === TEACHER)).toBe(true);
  });

  it('refuses every bad proof with a clear error naming its problem, and logs each without the token', async () => {
    const otherKey = makeKey('stand-in-key-1');
    const now = server.clock.now();
    const cases: [string, string, string][] = [
      ['expired', proof(TEACHER, { claims: { exp: Math.floor(now.getTime() / 1000) - 120 } }), 'proof expired'],
      ['wrong-audience', proof(TEACHER, { aud: 'someone-else.apps.example' }), "proof issued to another app than the school's"],
      ['wrong-audience', proof(TEACHER, { claims: { azp: 'someone-else.apps.example' } }), "proof issued to another app than the school's"],
      ['wrong-domain', proof('teacher@gmail.com'), "account outside the school's domains"],
      ['wrong-domain', proof(TEACHER, { claims: { hd: undefined } }), "account outside the school's domains"],
      ['bad-signature', proof(TEACHER, { tamper: 'head@school.example' }), 'proof signature does not match'],
      ['bad-signature', proof(TEACHER, { key: otherKey }), 'proof signature does not match'],
      ['wrong-issuer', proof(TEACHER, { claims: { iss: 'https://accounts.google.com' } }), 'proof from another issuer'],
      ['email-unverified', proof(TEACHER, { claims: { email_verified: false } }), 'email address not verified'],
      ['malformed', 'not-a-jwt', 'unreadable proof'],
    ];
    for (const [problem, idToken, words] of cases) {
      const response = await post(API_PATHS.overrides, STAFF_TOKEN, overrideRequest({ createdBy: TEACHER }, now), idToken);
      expect({ problem, status: response.status, body: await response.json() }).toEqual({ problem, status: 401, body: { error: `staff actions need a valid identity proof: ${words}`, problem } });
      expect(logged(problem).at(-1)).toMatchObject({ tokenLabel: 'staff', route: 'POST /v1/overrides' });
      expect(logLines.some((line) => line.includes(idToken))).toBe(false);
    }
  });

  it('keeps a verdict until the token expires, and not after', async () => {
    const fetched = provider.hits['/oauth2/v3/certs'] ?? 0;
    const idToken = proof(TEACHER, { expiresInSeconds: 300 });
    for (let i = 0; i < 3; i++) expect((await post(API_PATHS.overrides, STAFF_TOKEN, overrideRequest({ createdBy: TEACHER }, server.clock.now()), idToken)).status).toBe(201);
    // Checked once: the keys were not fetched again (they were already held), and nothing was refused.
    expect(provider.hits['/oauth2/v3/certs'] ?? 0).toBe(fetched);
    // Past its expiry and the 60 s clock skew.
    server.clock.advanceMinutes(6.5);
    const late = await post(API_PATHS.overrides, STAFF_TOKEN, overrideRequest({ createdBy: TEACHER }, server.clock.now()), idToken);
    expect(late.status).toBe(401);
    expect(await late.json()).toMatchObject({ problem: 'expired' });
  });
});

describe("pupils' records (require.pupils off: stored, marked)", () => {
  const verification = async (table: 'events' | 'reports', id: string) => (await rows<{ verified: number; proof_problem: string | null }>(`SELECT verified, proof_problem FROM ${table} WHERE id = ?`, id))[0];

  it('events with a valid proof for the account they name are stored verified (emails compare without case)', async () => {
    const event = blockEvent({ ...envelope({ user: 'Pupil.One@school.example' }) });
    expect((await post(API_PATHS.events, DEVICE_TOKEN, { events: [event] }, proof(PUPIL))).status).toBe(200);
    expect(await verification('events', event.id)).toEqual({ verified: 1, proof_problem: null });
  });

  it('a batch naming another pupil than the proof is refused whole, 403 other-account, and logged', async () => {
    const own = blockEvent(envelope({ user: PUPIL }));
    const framed = blockEvent(envelope({ user: OTHER_PUPIL }));
    const response = await post(API_PATHS.events, DEVICE_TOKEN, { events: [own, framed] }, proof(PUPIL));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ problem: 'other-account' });
    expect(await rows('SELECT id FROM events WHERE id IN (?, ?)', own.id, framed.id)).toEqual([]);
    expect(logged('other-account').at(-1)).toMatchObject({ tokenLabel: 'pupils', route: 'POST /v1/events' });
  });

  it('without a proof, or with a bad one, events are stored unverified with the problem: never lost', async () => {
    const plain = blockEvent(envelope({ user: OTHER_PUPIL }));
    expect((await post(API_PATHS.events, DEVICE_TOKEN, { events: [plain] })).status).toBe(200);
    expect(await verification('events', plain.id)).toEqual({ verified: 0, proof_problem: 'missing' });
    const expired = blockEvent(envelope({ user: PUPIL }));
    expect((await post(API_PATHS.events, DEVICE_TOKEN, { events: [expired] }, proof(PUPIL, { claims: { exp: 1 } }))).status).toBe(200);
    expect(await verification('events', expired.id)).toEqual({ verified: 0, proof_problem: 'expired' });
    // Kept, not refused: logged as information, with the problem, the token's label and the route.
    expect(logged('expired').at(-1)).toMatchObject({ level: 30, tokenLabel: 'pupils', route: 'POST /v1/events', msg: 'identity proof problem: expired; taken as unverified' });
  });

  it('reports: verified with a proof for their account, refused naming another, unverified without', async () => {
    const own = report({ user: PUPIL });
    expect((await post(API_PATHS.reports, DEVICE_TOKEN, own, proof(PUPIL))).status).toBe(201);
    expect(await verification('reports', own.id)).toEqual({ verified: 1, proof_problem: null });

    const framed = report({ user: OTHER_PUPIL });
    const refused = await post(API_PATHS.reports, DEVICE_TOKEN, framed, proof(PUPIL));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ problem: 'other-account' });
    expect(await rows('SELECT id FROM reports WHERE id = ?', framed.id)).toEqual([]);

    const unproven = report({ user: OTHER_PUPIL });
    expect((await post(API_PATHS.reports, DEVICE_TOKEN, unproven)).status).toBe(201);
    expect(await verification('reports', unproven.id)).toEqual({ verified: 0, proof_problem: 'missing' });
  });

  it("a follow-up with a proof for another account than the report's is refused and adds nothing", async () => {
    const sent = report({ user: PUPIL });
    expect((await post(API_PATHS.reports, DEVICE_TOKEN, sent, proof(PUPIL))).status).toBe(201);
    const followUp = { reason: 'stranger-contact', comment: 'more words', followUpSecret: sent.followUpSecret };
    const refused = await post(`${API_PATHS.reports}/${sent.id}`, DEVICE_TOKEN, followUp, proof(OTHER_PUPIL), 'PATCH');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ problem: 'other-account' });
    expect((await post(`${API_PATHS.reports}/${sent.id}`, DEVICE_TOKEN, followUp, proof(PUPIL), 'PATCH')).status).toBe(200);
    expect(await rows('SELECT version, verified, proof_problem FROM report_versions WHERE report_id = ? ORDER BY version', sent.id)).toEqual([
      { version: 1, verified: 1, proof_problem: null },
      { version: 2, verified: 1, proof_problem: null },
    ]);
  });

  it('staff tokens posting events follow the same rules', async () => {
    const framed = blockEvent(envelope({ user: OTHER_PUPIL, role: 'staff' }));
    expect((await post(API_PATHS.events, STAFF_TOKEN, { events: [framed] }, proof(TEACHER))).status).toBe(403);
  });
});

describe('require.pupils, and an issuer that cannot be reached', () => {
  let strict: TestServer;
  let gone: StandInProvider;
  beforeAll(async () => {
    // A real issuer address with nobody answering: started, then closed before any key was fetched.
    gone = await startStandInProvider();
    await gone.close();
    strict = await startTestServer({
      config: { identityProof: { clientIds: [EXTENSION_CLIENT], domains: ['school.example'], issuer: gone.issuer, timeoutSeconds: 2, require: { pupils: true } } },
    });
  });
  afterAll(async () => strict?.close());

  it('refuses records without a proof (401), and a proof it cannot check (503 with Retry-After, the device keeps its queue)', async () => {
    const send = (idToken?: string) =>
      strict.fetch(API_PATHS.events, { ...jsonPost(DEVICE_TOKEN, { events: [blockEvent(envelope({ user: PUPIL }))] }), headers: { 'content-type': 'application/json', authorization: `Bearer ${DEVICE_TOKEN}`, ...(idToken ? { [IDENTITY_PROOF_HEADER]: idToken } : {}) } });
    const missing = await send();
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ problem: 'missing' });
    const unreachable = await send(mintIdToken(gone, { email: PUPIL, aud: EXTENSION_CLIENT, now: strict.clock.now() }));
    expect(unreachable.status).toBe(503);
    expect(unreachable.headers.get('retry-after')).toBe('30');
    expect(await unreachable.json()).toEqual({ error: 'an identity proof is required for these records: Google could not be reached to check the proof', problem: 'issuer-unreachable' });
    expect((await strict.counts()).events).toBe(0);
  });

  it('refuses a staff action it cannot check with 503, not 401', async () => {
    const response = await strict.fetch(API_PATHS.overrides, {
      ...jsonPost(STAFF_TOKEN, overrideRequest({ createdBy: TEACHER }, strict.clock.now())),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${STAFF_TOKEN}`, [IDENTITY_PROOF_HEADER]: mintIdToken(gone, { email: TEACHER, aud: EXTENSION_CLIENT, now: strict.clock.now() }) },
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ problem: 'issuer-unreachable' });
  });
});

describe('identityProof not configured', () => {
  it('keeps today’s behaviour, and marks records as not checked', async () => {
    const plain = await startTestServer();
    try {
      const request = overrideRequest({ createdBy: TEACHER }, plain.clock.now());
      expect((await plain.fetch(API_PATHS.overrides, jsonPost(STAFF_TOKEN, request))).status).toBe(201);
      const event = blockEvent(envelope({ user: PUPIL }));
      expect((await plain.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events: [event] }))).status).toBe(200);
      expect(await plain.rows('SELECT created_by_verified FROM overrides WHERE id = ?', [request.id])).toEqual([{ created_by_verified: 0 }]);
      expect(await plain.rows('SELECT verified, proof_problem FROM events WHERE id = ?', [event.id])).toEqual([{ verified: 0, proof_problem: null }]);
    } finally {
      await plain.close();
    }
  });
});

