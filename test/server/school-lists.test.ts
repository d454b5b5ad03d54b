/**
 * The school lists on the real endpoint (real SQLite, movable clock): the
 * dashboard's changes with their trail, who may make them, what each kind of
 * device is sent (and never), ETags, end dates, locked categories, the link
 * to reports, and 50,000 entries end to end against Chrome's limits.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { dynamicRuleProblems, dynamicRuleCounts } from '../../src/filter/limits';
import { planRules } from '../../src/filter/plan';
import { DEFAULT_ACTIONS, DEFAULT_SAFE_SEARCH } from '../../src/policy/defaults';
import { reportPath } from '../../src/reports/model';
import { heldListsOf, ruleInputOf } from '../../src/school-lists/device-lists';
import { SCHOOL_LISTS_PATH, schoolListsReplySchema, type SchoolListsReply } from '../../src/school-lists/model';
import type { SchoolListEntry, SchoolListEntryDetail } from '../../server/src/store/rows';
import { type DashboardClient, signIn } from './harness/dashboard';
import { report } from './harness/fixtures';
import { writeRulesDir } from './harness/rules';
import { bearer, DEVICE_TOKEN, DSL, IT_LEAD, jsonPost, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

const T0 = new Date('2026-03-02T09:00:00Z');
let server: TestServer;
let itLead: DashboardClient;
let dsl: DashboardClient;

beforeAll(async () => {
  const rulesDir = writeRulesDir({ adult: { domains: ['adult.example'] }, malware: { domains: ['malware.example'] } });
  server = await startTestServer({ start: T0, config: { rulesDir, lockedDomains: ['locked.example', 'games.locked-parent.example'] } });
  itLead = await signIn(server, IT_LEAD);
  dsl = await signIn(server, DSL);
});
afterAll(() => server.close());

interface Asked {
  status: number;
  etag: string | null;
  reply: SchoolListsReply | null;
  text: string;
}

async function deviceAsks(query: string, etag?: string, token = DEVICE_TOKEN): Promise<Asked> {
  const response = await server.fetch(`${SCHOOL_LISTS_PATH}?${query}`, { headers: { ...bearer(token), ...(etag ? { 'if-none-match': etag } : {}) } });
  const text = await response.text();
  // Every reply a device gets must pass the device's own schema.
  const reply = response.status === 200 ? schoolListsReplySchema.parse(JSON.parse(text)) : null;
  return { status: response.status, etag: response.headers.get('etag'), reply, text };
}

/** What a reply blocks and allows, flattened. */
function flat(reply: SchoolListsReply | null): { block: string[]; allow: string[] } {
  const out = { block: [] as string[], allow: [] as string[] };
  for (const list of reply?.lists ?? []) out[list.action].push(...list.domains, ...list.paths);
  return { block: out.block.sort(), allow: out.allow.sort() };
}

async function add(client: DashboardClient, body: Record<string, unknown>): Promise<{ status: number; body: { added?: SchoolListEntry[]; error?: string; issues?: { path: string; message: string }[] } }> {
  const response = await client.post('/school-lists', { audience: { scope: 'pupils' }, reason: 'Reported as unsuitable', ...body });
  return { status: response.status, body: (await response.json()) as never };
}

async function entry(id: string): Promise<SchoolListEntryDetail> {
  return (await (await itLead.get(`/school-lists/${id}`)).json()) as SchoolListEntryDetail;
}

describe('devices ask, cheaply', () => {
  let etag: string;

  it('an empty list, with an ETag', async () => {
    const asked = await deviceAsks('role=pupil&yearGroup=Y9');
    expect(asked.status).toBe(200);
    expect(asked.reply?.lists).toEqual([]);
    expect(asked.etag).toMatch(/^"[0-9a-f]{32}\.pupil-Y9"$/);
    etag = asked.etag!;
  });

  it('asking again with that ETag is a 304 with no body', async () => {
    const again = await deviceAsks('role=pupil&yearGroup=Y9', etag);
    expect(again).toMatchObject({ status: 304, text: '', etag });
    // The ETag is per reader: another year group's copy is not this one.
    expect((await deviceAsks('role=pupil&yearGroup=Y8', etag)).status).toBe(200);
  });

  it('a change makes a new version: the old ETag gets the new lists', async () => {
    const added = await add(itLead, { action: 'block', targets: ['bad.example'] });
    expect(added.status).toBe(201);
    const asked = await deviceAsks('role=pupil&yearGroup=Y9', etag);
    expect(asked.status).toBe(200);
    expect(asked.etag).not.toBe(etag);
    expect(flat(asked.reply).block).toEqual(['bad.example']);
  });
});

describe('what each device is sent', () => {
  beforeAll(async () => {
    expect((await add(itLead, { action: 'block', targets: ['ks3-only.example'], audience: { scope: 'key-stages', keyStages: ['KS3'] } })).status).toBe(201);
    expect((await add(itLead, { action: 'allow', targets: ['y3-reading.example'], audience: { scope: 'year-groups', yearGroups: ['Y3'] } })).status).toBe(201);
    expect((await add(itLead, { action: 'allow', targets: ['https://docs.example/shared/page?id=1'], audience: { scope: 'everyone' }, reason: 'SECRET-REASON-words' })).status).toBe(201);
    expect((await add(itLead, { action: 'block', targets: ['staff-too.example/forum'], audience: { scope: 'everyone' } })).status).toBe(201);
  });

  it.each([
    ['role=pupil&yearGroup=Y9', ['bad.example', 'ks3-only.example', 'staff-too.example/forum'], ['docs.example/shared/page?id=1']],
    ['role=pupil&yearGroup=Y3', ['bad.example', 'staff-too.example/forum'], ['docs.example/shared/page?id=1', 'y3-reading.example']],
    // An unknown year group: every pupil block, only the allows meant for all pupils.
    ['role=pupil', ['bad.example', 'ks3-only.example', 'staff-too.example/forum'], ['docs.example/shared/page?id=1']],
    ['role=staff', ['staff-too.example/forum'], ['docs.example/shared/page?id=1']],
    ['role=staff&yearGroup=Y3', ['staff-too.example/forum'], ['docs.example/shared/page?id=1']],
  ])('%s', async (query, block, allow) => {
    expect(flat((await deviceAsks(query)).reply)).toEqual({ block, allow });
  });

  it('sites and times only: never who added an entry, why, for whom or from which report', async () => {
    const { text } = await deviceAsks('role=pupil&yearGroup=Y3');
    for (const secret of ['SECRET-REASON', IT_LEAD.username, 'Y3"', 'year-groups', 'everyone', 'reportId', 'createdBy']) expect(text).not.toContain(secret);
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(['lists', 'version']);
  });

  it('a staff token reads as a device token does; an unknown token reads nothing', async () => {
    expect((await deviceAsks('role=staff', undefined, STAFF_TOKEN)).status).toBe(200);
    expect((await deviceAsks('role=staff', undefined, 'not-a-token-not-a-token-0000')).status).toBe(401);
  });
});

describe('end dates', () => {
  it('an entry past its end date stops applying, the trail says when, and devices get a new version', async () => {
    const now = server.clock.now();
    const endsAt = new Date(now.getTime() + 10 * 60_000).toISOString();
    const added = await add(itLead, { action: 'block', targets: ['exam-week.example'], endsAt });
    const id = added.body.added![0]!.id;
    const before = await deviceAsks('role=pupil&yearGroup=Y9');
    const group = before.reply!.lists.find((list) => list.domains.includes('exam-week.example'));
    expect(group?.endsAt).toBe(endsAt);

    server.clock.advanceMinutes(11);
    const after = await deviceAsks('role=pupil&yearGroup=Y9', before.etag!);
    expect(after.status).toBe(200);
    expect(flat(after.reply).block).not.toContain('exam-week.example');
    const detail = await entry(id);
    expect(detail).toMatchObject({ endedAt: endsAt, endedHow: 'expired', endedBy: null });
    expect(detail.trail.map((change) => [change.change, change.at, change.actor])).toEqual([
      ['added', now.toISOString(), IT_LEAD.username],
      ['expired', endsAt, ''],
    ]);
  });

  it('an end date already past is refused, and nothing stored', async () => {
    const before = await server.counts();
    const refused = await add(itLead, { action: 'block', targets: ['late.example'], endsAt: new Date(server.clock.now().getTime() - 1000).toISOString() });
    expect(refused.status).toBe(422);
    expect(await server.counts()).toEqual(before);
  });
});

describe('edit and remove, each in the trail', () => {
  it('records who, when, why and what the entry became', async () => {
    const id = (await add(itLead, { action: 'block', targets: ['edit-me.example'], reason: 'First reason' })).body.added![0]!.id;
    server.clock.advanceMinutes(1);
    const edited = await itLead.post(`/school-lists/${id}`, { audience: { scope: 'key-stages', keyStages: ['KS4', 'KS2'] }, endsAt: null, reason: 'Only KS2 and KS4 need it blocked' });
    expect(edited.status).toBe(200);
    expect(flat((await deviceAsks('role=pupil&yearGroup=Y9')).reply).block).not.toContain('edit-me.example');
    expect(flat((await deviceAsks('role=pupil&yearGroup=Y10')).reply).block).toContain('edit-me.example');
    server.clock.advanceMinutes(1);
    expect((await itLead.post(`/school-lists/${id}/remove`, { reason: 'No longer needed' })).status).toBe(200);
    expect(flat((await deviceAsks('role=pupil&yearGroup=Y10')).reply).block).not.toContain('edit-me.example');
    const detail = await entry(id);
    expect(detail.trail.map((change) => ({ change: change.change, actor: change.actor, role: change.actorRole, reason: change.reason, audience: change.audience }))).toEqual([
      { change: 'added', actor: 'itlead', role: 'it-lead', reason: 'First reason', audience: { scope: 'pupils' } },
      { change: 'edited', actor: 'itlead', role: 'it-lead', reason: 'Only KS2 and KS4 need it blocked', audience: { scope: 'key-stages', keyStages: ['KS2', 'KS4'] } },
      { change: 'removed', actor: 'itlead', role: 'it-lead', reason: 'No longer needed', audience: { scope: 'key-stages', keyStages: ['KS2', 'KS4'] } },
    ]);
    // Ended entries are kept, and the whole trail reads newest first.
    const ended = (await (await itLead.get('/school-lists?state=ended&search=edit-me')).json()) as { entries: SchoolListEntry[]; total: number };
    expect(ended).toMatchObject({ total: 1, entries: [{ id, endedHow: 'removed', endedBy: 'itlead' }] });
    const trail = (await (await itLead.get('/school-lists/trail?limit=3')).json()) as { changes: { change: string; target: string }[]; total: number };
    expect(trail.changes[0]).toMatchObject({ change: 'removed', target: 'edit-me.example' });
    expect(trail.total).toBeGreaterThan(3);
    // A removed entry cannot be removed or edited again.
    expect((await itLead.post(`/school-lists/${id}/remove`, { reason: 'Again' })).status).toBe(404);
  });

  it('adding a site already on that list is refused, naming the entry to change', async () => {
    const before = await server.counts();
    const again = await add(itLead, { action: 'block', targets: ['fresh.example', 'BAD.example'] });
    expect(again.status).toBe(409);
    expect(again.body.issues).toEqual([{ path: 'targets.1', message: expect.stringMatching(/^bad\.example is already on the block list \(for all pupils, entry [0-9a-f-]{36}\)/) }]);
    expect(await server.counts()).toEqual(before);
  });
});

describe('who may change the lists', () => {
  it('a DSL may block a site at once, and nothing that opens one', async () => {
    const blocked = await add(dsl, { action: 'block', targets: ['dsl-blocked.example'], reason: 'Safeguarding: self-harm forum' });
    expect(blocked.status).toBe(201);
    const id = blocked.body.added![0]!.id;
    expect((await entry(id)).trail[0]).toMatchObject({ actor: 'dsl', actorRole: 'dsl' });
    const before = await server.counts();
    expect((await add(dsl, { action: 'allow', targets: ['wanted.example'] })).status).toBe(403);
    expect((await dsl.post(`/school-lists/${id}`, { audience: { scope: 'year-groups', yearGroups: ['Y13'] }, endsAt: null, reason: 'narrow it' })).status).toBe(403);
    expect((await dsl.post(`/school-lists/${id}/remove`, { reason: 'undo' })).status).toBe(403);
    expect(await server.counts()).toEqual(before);
    expect(flat((await deviceAsks('role=pupil&yearGroup=Y9')).reply).block).toContain('dsl-blocked.example');
  });

  it('no device or staff token reaches the dashboard API, and there is no write route on the device API', async () => {
    const before = await server.counts();
    const body = JSON.stringify({ action: 'allow', targets: ['open-me.example'], audience: { scope: 'everyone' }, reason: 'a pupil tries' });
    for (const token of [DEVICE_TOKEN, STAFF_TOKEN]) {
      const headers = { ...bearer(token), 'content-type': 'application/json', 'x-requested-with': 'school-filter-dashboard' };
      expect((await server.fetch('/dashboard/api/school-lists', { method: 'POST', headers, body })).status).toBe(401);
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect((await server.fetch(SCHOOL_LISTS_PATH, { method, headers, body })).status, method).toBe(404);
    }
    expect(await server.counts()).toEqual(before);
  });
});

describe('locked categories', () => {
  it.each([
    ['adult.example', /adult category/],
    ['www.adult.example/page', /adult category \(as part of adult\.example\)/],
    ['malware.example', /malware category/],
    ['locked.example', /locked list/],
    // Opening a parent would open a locked domain below it, and devices do not know lockedDomains.
    ['locked-parent.example', /would also open games\.locked-parent\.example/],
  ])('an allow for %s is refused with 422 naming why', async (target, why) => {
    const before = await server.counts();
    const refused = await add(itLead, { action: 'allow', targets: [target] });
    expect(refused.status).toBe(422);
    expect(refused.body.issues?.[0]?.message).toMatch(why);
    expect(await server.counts()).toEqual(before);
  });

  it('a block on a locked site is the school’s to add', async () => {
    expect((await add(itLead, { action: 'block', targets: ['adult.example/extra'] })).status).toBe(201);
  });
});

describe('from a report', () => {
  it('blocks the reported site, both trails name each other, and the report is resolved', async () => {
    const sent = report({ url: 'https://rude.example/page', reason: 'rude-or-unsuitable' });
    expect((await server.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, sent))).status).toBe(201);
    const added = await add(itLead, { action: 'block', targets: ['rude.example'], reason: 'Pupil reported it as rude', reportId: sent.id, resolveReport: true });
    expect(added.status).toBe(201);
    const id = added.body.added![0]!.id;
    expect(await entry(id)).toMatchObject({ reportId: sent.id, trail: [{ change: 'added', reportId: sent.id }] });
    const held = await server.store.reports.get(sent.id);
    expect(held?.status).toBe('resolved');
    expect(held?.trail.map((row) => [row.action, row.actor, row.schoolListEntryId, row.status])).toEqual([
      ['received', 'device:pupils', null, 'new'],
      ['school-list', 'itlead', id, null],
      ['status', 'itlead', null, 'resolved'],
    ]);
    expect(held?.trail[1]?.note).toBe('Blocked rude.example for all pupils on the school\'s block list: Pupil reported it as rude');
    // Staff have acted: the pupil can no longer add to it.
    const followUp = await server.fetch(reportPath(sent.id), jsonPost(DEVICE_TOKEN, { reason: 'upset', comment: 'more', followUpSecret: sent.followUpSecret }, 'PATCH'));
    expect(followUp.status).toBe(409);
    // The report's page finds the entry that covers its site.
    const covering = (await (await itLead.get('/school-lists/covering?host=www.rude.example')).json()) as { entries: SchoolListEntry[] };
    expect(covering.entries.map((e) => e.id)).toEqual([id]);
  });

  it('an IT Lead may act on a report escalated to the DSL, but not resolve it', async () => {
    const sent = report({ url: 'https://escalated.example/', reason: 'upset' });
    expect((await server.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, sent))).status).toBe(201);
    expect((await dsl.post(`/reports/${sent.id}/status`, { status: 'escalated-to-dsl', note: null })).status).toBe(200);
    const before = await server.counts();
    expect((await add(itLead, { action: 'block', targets: ['escalated.example'], reportId: sent.id, resolveReport: true })).status).toBe(403);
    expect(await server.counts()).toEqual(before);
    expect((await add(itLead, { action: 'block', targets: ['escalated.example'], reportId: sent.id })).status).toBe(201);
    expect((await server.store.reports.get(sent.id))?.status).toBe('escalated-to-dsl');
  });

  it('an unknown report is refused and nothing stored', async () => {
    const before = await server.counts();
    expect((await add(itLead, { action: 'block', targets: ['nowhere.example'], reportId: randomUUID() })).status).toBe(404);
    expect(await server.counts()).toEqual(before);
  });
});

describe('50,000 entries', () => {
  it('are held, sent whole, accepted by the device and planned inside Chrome’s limits; one more is refused with a reason', async () => {
    const counts = (await (await itLead.get('/school-lists?limit=1')).json()) as { counts: Record<string, number> };
    const held = Object.values(counts.counts).reduce((a, b) => a + b, 0);
    // Fill to exactly 50,000: 1,900 addresses (one rule each) and the rest domains, 5,000 a paste.
    const paths = Array.from({ length: 1_900 }, (_, i) => `many-paths.example/page-${i}`);
    expect((await add(itLead, { action: 'block', targets: paths })).status).toBe(201);
    let remaining = 50_000 - held - paths.length;
    for (let batch = 0; remaining > 0; batch++) {
      const size = Math.min(5_000, remaining);
      const targets = Array.from({ length: size }, (_, i) => `bulk-${batch}-${i}.example`);
      expect((await add(itLead, { action: batch % 2 ? 'allow' : 'block', targets })).status).toBe(201);
      remaining -= size;
    }
    const full = (await (await itLead.get('/school-lists?limit=1')).json()) as { counts: Record<string, number>; total: number };
    expect(Object.values(full.counts).reduce((a, b) => a + b, 0)).toBe(50_000);

    const asked = await deviceAsks('role=pupil');
    expect(asked.status).toBe(200);
    const input = ruleInputOf(heldListsOf(asked.reply!), server.clock.now().getTime());
    const plan = planRules({
      profile: { actions: DEFAULT_ACTIONS.KS3, allowDomains: [], blockDomains: ['policy.example'], approvedAiTools: [], safeSearch: DEFAULT_SAFE_SEARCH.primary },
      availableRulesets: new Set(),
      extensionId: 'abcdefghijklmnopabcdefghijklmnop',
      schoolLists: input,
      now: server.clock.now().getTime(),
    });
    expect(dynamicRuleProblems(plan.dynamicRules)).toEqual([]);
    expect(dynamicRuleCounts(plan.dynamicRules).unsafe).toBeLessThan(2_000 + 20);

    const before = await server.counts();
    const refused = await add(itLead, { action: 'block', targets: ['one-too-many.example'] });
    expect(refused.status).toBe(422);
    expect(refused.body.issues?.[0]?.message).toMatch(/hold 50,001 entries; they hold at most 50,000/);
    expect(await server.counts()).toEqual(before);
  }, 120_000);
});

describe('retention', () => {
  it('keeps entries in force however old, and drops ended ones (with their trail) after the period', async () => {
    const ended = (await (await itLead.get('/school-lists?state=ended&limit=500')).json()) as { total: number };
    const inForce = (await server.counts()).school_list_entries - ended.total;
    server.clock.advanceMinutes(400 * 24 * 60);
    const purged = await server.store.privacy.purgeOlderThan(new Date(server.clock.now().getTime() - 365 * 24 * 3_600_000), server.clock.now());
    expect(purged.schoolListEntries).toBe(ended.total);
    expect((await server.counts()).school_list_entries).toBe(inForce);
  });
});
