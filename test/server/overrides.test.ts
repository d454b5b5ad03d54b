/**
 * Lesson allowlists: who they apply to (year group, class from the rosters,
 * named pupil), only while in force, staff-only creation and ending, and the
 * school's limits (duration, locked domains).
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { activeOverridesPath, activeOverridesReplySchema, deviceOverridesReplySchema, overrideEndPath, overrideSchema, teacherOverridesPath, type Override } from '../../src/overrides/model';
import type { YearGroup } from '../../src/policy/year-groups';
import { overrideRequest } from './harness/fixtures';
import { writeRulesDir } from './harness/rules';
import { bearer, DEVICE_TOKEN, jsonPost, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

let server: TestServer;
const rulesDir = writeRulesDir({ gambling: { domains: ['casino.example'] }, adult: { domains: ['xxx.example'] } });
beforeAll(async () => {
  server = await startTestServer({
    start: new Date('2025-03-03T10:00:00.000Z'),
    // Gambling is listed but not locked (the default locks illegal, adult, malware).
    config: { maxOverrideMinutes: 90, lockedDomains: ['locked.example'], rulesDir },
  });
  await server.store.rosters.replaceClasses(
    [
      { className: '9X/Cs1', pupil: 'in.class@school.example' },
      { className: '9X/Cs1', pupil: 'also.in.class@school.example' },
    ],
    'test',
    server.clock.now(),
  );
});
afterAll(async () => {
  await server.close();
  rmSync(rulesDir, { recursive: true, force: true });
});

const create = (body: unknown, token = STAFF_TOKEN) => server.fetch(API_PATHS.overrides, jsonPost(token, body));
const end = (id: string, token = STAFF_TOKEN) => server.fetch(overrideEndPath(id), jsonPost(token, { endedBy: 'teacher@school.example' }));
async function activeFor(user: string, yearGroup: YearGroup | null = null, token = DEVICE_TOKEN): Promise<string[]> {
  const response = await server.fetch(activeOverridesPath(user, yearGroup), { headers: bearer(token) });
  expect(response.status).toBe(200);
  return deviceOverridesReplySchema.parse(await response.json()).overrides.map((o) => o.id);
}

describe('POST /v1/overrides', () => {
  it('creates an allowlist with normalised domains, once per id', async () => {
    const request = overrideRequest({ domains: ['Games.Example.', 'games.example', 'bücher.example'] }, server.clock.now());
    const first = await create(request);
    expect(first.status).toBe(201);
    const created = overrideSchema.parse(await first.json());
    expect(created).toMatchObject({ id: request.id, domains: ['games.example', 'xn--bcher-kva.example'], endedAt: null, endedBy: null, createdBy: 'teacher@school.example' });
    const again = await create(request);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(created);
    expect((await server.counts()).overrides).toBe(1);
  });

  it('refuses a device token: only staff open allowlists', async () => {
    const before = await server.counts();
    const response = await create(overrideRequest({}, server.clock.now()), DEVICE_TOKEN);
    expect(response.status).toBe(403);
    expect(await server.counts()).toEqual(before);
  });

  it('refuses longer than the school allows, already over, and locked domains, with 422 and every reason', async () => {
    const now = server.clock.now();
    const before = await server.counts();
    const tooLong = await create(overrideRequest({ endsAt: new Date(now.getTime() + 91 * 60_000).toISOString() }, now));
    expect(tooLong.status).toBe(422);
    expect(JSON.stringify(await tooLong.json())).toContain('at most 90 minutes');
    const over = await create(overrideRequest({ startsAt: new Date(now.getTime() - 60 * 60_000).toISOString(), endsAt: new Date(now.getTime() - 60_000).toISOString() }, now));
    expect(over.status).toBe(422);
    const locked = await create(overrideRequest({ domains: ['ok.example', 'www.locked.example', 'casino.example', 'xxx.example'] }, now));
    expect(locked.status).toBe(422);
    const body = (await locked.json()) as { issues: { path: string; message: string }[] };
    expect(body.issues.map((issue) => issue.path)).toEqual(['domains.1', 'domains.3']);
    // A parent of a locked domain would open it too (DNR matches subdomains).
    expect((await create(overrideRequest({ domains: ['example'] }, now))).status).toBe(400);
    const parent = await create(overrideRequest({ domains: ['sub.locked.example'] }, now));
    expect(parent.status).toBe(422);
    expect(await server.counts()).toEqual(before);
  });
});

describe('GET /v1/overrides: who an allowlist applies to, and when', () => {
  let byYear: Override;
  let byClass: Override;
  let byPupil: Override;

  beforeAll(async () => {
    const now = server.clock.now();
    const make = async (audience: Override['audience']) => overrideSchema.parse(await (await create(overrideRequest({ audience, domains: ['lesson.example'] }, now))).json());
    byYear = await make({ yearGroups: ['Y8'], classes: [], pupils: [] });
    byClass = await make({ yearGroups: [], classes: ['9x/cs1'], pupils: [] });
    byPupil = await make({ yearGroups: [], classes: [], pupils: ['Named.Pupil@School.Example'] });
  });

  it('applies by year group', async () => {
    const ids = await activeFor('anyone@school.example', 'Y8');
    expect(ids).toContain(byYear.id);
    expect(ids).not.toContain(byClass.id);
    expect(await activeFor('anyone@school.example', 'Y7')).not.toContain(byYear.id);
  });

  it('applies by class membership from the rosters, whatever the case of the class name', async () => {
    expect(await activeFor('in.class@school.example', 'Y9')).toContain(byClass.id);
    expect(await activeFor('ALSO.in.class@school.example')).toContain(byClass.id);
    expect(await activeFor('not.in.class@school.example', 'Y9')).not.toContain(byClass.id);
  });

  it('tells a device the sites and times only: not who opened it, why, or which other pupils it names', async () => {
    const response = await server.fetch(activeOverridesPath('named.pupil@school.example', null), { headers: bearer(DEVICE_TOKEN) });
    const reply = (await response.json()) as { overrides: Record<string, unknown>[] };
    const forPupil = reply.overrides.find((o) => o.id === byPupil.id);
    expect(forPupil).toEqual({ id: byPupil.id, domains: byPupil.domains, startsAt: byPupil.startsAt, endsAt: byPupil.endsAt });
    expect(JSON.stringify(reply)).not.toMatch(/named\.pupil|createdBy|reason|audience/i);
  });

  it('applies to a named pupil, whatever the case of their email', async () => {
    expect(await activeFor('named.pupil@school.example')).toEqual(expect.arrayContaining([byPupil.id]));
    expect(await activeFor('NAMED.PUPIL@school.example', 'Y7', STAFF_TOKEN)).toContain(byPupil.id);
    expect(await activeFor('other.pupil@school.example')).not.toContain(byPupil.id);
  });

  it('gives a device nobody is signed in to only what its year group has', async () => {
    for (const path of [activeOverridesPath('', 'Y8'), '/v1/overrides?user=&yearGroup=Y8']) {
      const response = await server.fetch(path, { headers: bearer(DEVICE_TOKEN) });
      expect(response.status).toBe(200);
      const ids = deviceOverridesReplySchema.parse(await response.json()).overrides.map((o) => o.id);
      expect(ids).toContain(byYear.id);
      expect(ids).not.toContain(byClass.id);
      expect(ids).not.toContain(byPupil.id);
    }
  });

  it('gives no user and no year group nothing, even with pupil-named and class allowlists in force', async () => {
    // Even a roster row with an empty pupil (no upload can make one) must not match a device with no account.
    await server.store.rosters.replaceClasses([{ className: 'Edge/Empty', pupil: '' }], 'test', server.clock.now());
    const forEdgeClass = overrideRequest({ audience: { yearGroups: [], classes: ['Edge/Empty'], pupils: [] } }, server.clock.now());
    expect((await create(forEdgeClass)).status).toBe(201);
    for (const path of [activeOverridesPath('', null), '/v1/overrides?user=']) {
      const response = await server.fetch(path, { headers: bearer(DEVICE_TOKEN) });
      expect(response.status).toBe(200);
      expect(deviceOverridesReplySchema.parse(await response.json()).overrides).toEqual([]);
    }
  });

  it('starts at startsAt and stops at endsAt', async () => {
    const now = server.clock.now();
    const later = overrideRequest({ startsAt: new Date(now.getTime() + 30 * 60_000).toISOString(), endsAt: new Date(now.getTime() + 60 * 60_000).toISOString(), audience: { yearGroups: ['Y10'], classes: [], pupils: [] } }, now);
    expect((await create(later)).status).toBe(201);
    expect(await activeFor('p@school.example', 'Y10')).not.toContain(later.id);
    server.clock.advanceMinutes(30);
    expect(await activeFor('p@school.example', 'Y10')).toContain(later.id);
    server.clock.advanceMinutes(30);
    expect(await activeFor('p@school.example', 'Y10')).not.toContain(later.id);
    server.clock.set(now);
  });

  it('stops when a teacher ends it early, and records who and when', async () => {
    const now = server.clock.now();
    const lesson = overrideRequest({ audience: { yearGroups: ['Y11'], classes: [], pupils: [] } }, now);
    await create(lesson);
    expect(await activeFor('p@school.example', 'Y11')).toContain(lesson.id);
    server.clock.advanceMinutes(5);
    const response = await end(lesson.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: lesson.id, endedAt: new Date(now.getTime() + 5 * 60_000).toISOString(), endedBy: 'teacher@school.example' });
    expect(await activeFor('p@school.example', 'Y11')).not.toContain(lesson.id);
    // Ending again changes nothing: the audit keeps the first end.
    server.clock.advanceMinutes(5);
    expect(await (await end(lesson.id)).json()).toMatchObject({ endedAt: new Date(now.getTime() + 5 * 60_000).toISOString() });
    server.clock.set(now);
  });

  it('ends only with a staff token, and 404s an unknown id', async () => {
    expect((await end(byYear.id, DEVICE_TOKEN)).status).toBe(403);
    expect(await activeFor('anyone@school.example', 'Y8')).toContain(byYear.id);
    expect((await end(randomUUID())).status).toBe(404);
  });
});

describe("GET /v1/overrides/created: a teacher's own allowlists, not yet over", () => {
  const TEACHER = 'maths.teacher@school.example';
  const at = (minutes: number) => new Date(server.clock.now().getTime() + minutes * 60_000).toISOString();
  const created = (token = STAFF_TOKEN, by = TEACHER) => server.fetch(teacherOverridesPath(by), { headers: bearer(token) });

  it('lists in force and future ones, soonest end first; not ended, expired, or another teacher\'s', async () => {
    const now = server.clock.now();
    const mine = (startsIn: number, endsIn: number) => overrideRequest({ createdBy: TEACHER, startsAt: at(startsIn), endsAt: at(endsIn) }, now);
    const endsLast = mine(-1, 80);
    const endsFirst = mine(-1, 20);
    const startsLater = mine(30, 60);
    const endedEarly = mine(-1, 50);
    const expiresSoon = mine(-1, 10);
    const someoneElses = overrideRequest({ createdBy: 'art.teacher@school.example' }, now);
    for (const request of [endsLast, endsFirst, startsLater, endedEarly, expiresSoon, someoneElses]) expect((await create(request)).status).toBe(201);
    expect((await server.fetch(overrideEndPath(endedEarly.id), jsonPost(STAFF_TOKEN, { endedBy: TEACHER }))).status).toBe(200);

    const response = await created();
    expect(response.status).toBe(200);
    const ids = (reply: unknown) => activeOverridesReplySchema.parse(reply).overrides.map((o) => o.id);
    expect(ids(await response.json())).toEqual([expiresSoon.id, endsFirst.id, startsLater.id, endsLast.id]);

    // Exactly at endsAt it is over (half-open, as isOverrideActive).
    server.clock.advanceMinutes(10);
    try {
      expect(ids(await (await created(STAFF_TOKEN, 'Maths.Teacher@School.Example')).json())).toEqual([endsFirst.id, startsLater.id, endsLast.id]);
    } finally {
      server.clock.set(now);
    }
  });

  it('answers an empty list for a teacher with none', async () => {
    const response = await created(STAFF_TOKEN, 'new.teacher@school.example');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ overrides: [] });
  });

  it('refuses a device token (it names pupils and classes) and a missing or malformed teacher', async () => {
    const refused = await created(DEVICE_TOKEN);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: expect.any(String) });
    expect((await server.fetch(`${API_PATHS.overrides}/created`, { headers: bearer(STAFF_TOKEN) })).status).toBe(400);
    expect((await created(STAFF_TOKEN, 'not an email')).status).toBe(400);
    expect((await server.fetch(teacherOverridesPath(TEACHER))).status).toBe(401);
  });
});
