/**
 * Classified sites (issue 20) against the real endpoint: classified blocks and warnings posted through
 * POST /v1/events at known receive times (the test clock), listed blocks, an illegal-feed block and other
 * noise beside them, and every expected figure worked out here from what was posted. Then the IT Lead's
 * confirm and reject: each an ordinary school list entry (visible to devices in GET /v1/school-lists),
 * its trail marked as a classifier review; who may; what is refused. The counts come off an index (the plan).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterEvent } from '../../src/events/model';
import { API_PATHS } from '../../src/events/wire';
import { SCHOOL_LISTS_PATH, type SchoolListsReply } from '../../src/school-lists/model';
import type { ClassifiedDecisionReply, ClassifiedSite, ClassifiedSitesReply } from '../../server/src/dashboard-api/types';
import type { SchoolListEntryDetail } from '../../server/src/store/rows';
import { signIn, type DashboardClient } from './harness/dashboard';
import { envelope } from './harness/fixtures';
import { bearer, DEVICE_TOKEN, DSL, IT_LEAD, jsonPost, startTestServer, type TestServer } from './harness/server';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;
const daysAgo = (days: number, hours = 0) => new Date(NOW.getTime() - days * DAY - hours * 3_600_000).toISOString();

interface Posted {
  receivedAt: string;
  type: 'block' | 'warn';
  category: string;
  host: string;
  user: string;
  role: 'pupil' | 'staff';
  /** The model's score; absent for a listed stop. */
  score?: number;
}

const one = (receivedAt: string, type: Posted['type'], category: string, host: string, user: string, score?: number, role: Posted['role'] = 'pupil'): Posted => ({
  receivedAt,
  type,
  category,
  host,
  user,
  role,
  ...(score === undefined ? {} : { score }),
});

const ANA = 'ana@school.example';
const BEN = 'ben@school.example';
const CAL = 'cal@school.example';

const POSTED: Posted[] = [
  // Three classified blocks and a warning; Ana twice (once in capitals: one account), so three pupils.
  one(daysAgo(1), 'block', 'adult', 'lewd-pics.example', ANA, 0.97),
  one(daysAgo(2), 'block', 'adult', 'lewd-pics.example', 'ANA@school.example', 0.93),
  one(daysAgo(3), 'block', 'adult', 'lewd-pics.example', BEN, 0.91),
  one(daysAgo(3, 2), 'warn', 'adult', 'lewd-pics.example', CAL, 0.71),
  // Listed blocks on the same host: not the classifier's, never counted here.
  one(daysAgo(1), 'block', 'adult', 'lewd-pics.example', BEN),
  one(daysAgo(1), 'block', 'adult', 'lewd-pics.example', BEN),
  // A gambling look-alike on www.: a staff member (not a pupil) and nobody signed in, besides Ben.
  one(daysAgo(5), 'warn', 'gambling', 'www.spin-win.example', BEN, 0.62),
  one(daysAgo(6), 'warn', 'gambling', 'www.spin-win.example', 'teacher@school.example', 0.64, 'staff'),
  one(daysAgo(7), 'block', 'gambling', 'www.spin-win.example', '', 0.88),
  // One host the model judged two ways (proxy three times, ai once).
  one(daysAgo(4), 'block', 'proxy', 'tunnel.example', ANA, 0.9),
  one(daysAgo(4), 'block', 'proxy', 'tunnel.example', ANA, 0.95),
  one(daysAgo(8), 'warn', 'proxy', 'tunnel.example', BEN, 0.6),
  one(daysAgo(9), 'warn', 'ai', 'tunnel.example', BEN, 0.55),
  // A subdomain of a site the school already blocks (set up below): decided by the parent's entry.
  one(daysAgo(2), 'block', 'adult', 'cdn.already-blocked.example', CAL, 0.99),
  // A host for the DSL to confirm.
  one(daysAgo(2), 'block', 'adult', 'dsl-confirms.example', CAL, 0.96),
  // A site the school locked (config lockedDomains): nothing may allow it, a classifier review included.
  one(daysAgo(2), 'block', 'proxy', 'www.locked-proxy.example', BEN, 0.8),
  // Single stops on five hosts, for paging.
  ...[1, 2, 3, 4, 5].map((n) => one(daysAgo(10 + n), 'block', 'proxy', `vpn${n}.example`, ANA, 0.9)),
  // Forty days ago: outside the default 30 days, inside 60.
  one(daysAgo(40), 'block', 'adult', 'old-news.example', ANA, 0.92),
  // A forged "classified" illegal-feed block: the endpoint drops its address, so it is no site.
  one(daysAgo(1), 'block', 'illegal', 'secret.example', ANA, 0.99),
];

/** A site's figures: everything the page says but its review state. */
type Expected = Omit<ClassifiedSite, 'state' | 'entry'>;

/** What the page must say for the last `days`, worked out from POSTED alone (state and entry aside). */
function expectedSites(days: number): Expected[] {
  const from = NOW.getTime() - days * DAY;
  const classified = POSTED.filter((p) => p.score !== undefined && p.category !== 'illegal' && Date.parse(p.receivedAt) >= from);
  const hosts = [...new Set(classified.map((p) => p.host))];
  return hosts.map((host) => {
    const stops = classified.filter((p) => p.host === host);
    const perCategory = new Map<string, number>();
    for (const stop of stops) perCategory.set(stop.category, (perCategory.get(stop.category) ?? 0) + 1);
    const times = stops.map((p) => p.receivedAt).sort();
    return {
      host,
      categories: [...perCategory].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([category]) => category),
      blocks: stops.filter((p) => p.type === 'block').length,
      warnings: stops.filter((p) => p.type === 'warn').length,
      pupils: new Set(stops.filter((p) => p.role === 'pupil' && p.user !== '').map((p) => p.user.toLowerCase())).size,
      firstSeen: times[0]!,
      lastSeen: times.at(-1)!,
      topScore: Math.max(...stops.map((p) => p.score!)),
    };
  });
}

/** The page's order among sites in one state: most stops, newest last seen, then by host. */
function inPageOrder(sites: Expected[]): Expected[] {
  return [...sites].sort((a, b) => b.blocks + b.warnings - (a.blocks + a.warnings) || (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0) || (a.host < b.host ? -1 : 1));
}

const figures = ({ state: _state, entry: _entry, ...rest }: ClassifiedSite) => rest;

let server: TestServer;
let itLead: DashboardClient;
let dsl: DashboardClient;

function eventOf(p: Posted): FilterEvent {
  const base = { ...envelope({ user: p.user, role: p.role, yearGroup: p.role === 'pupil' ? 'Y7' : null, time: p.receivedAt }), type: p.type, category: p.category, host: p.host };
  return (p.score === undefined ? base : { ...base, classifier: { score: p.score } }) as FilterEvent;
}

async function classified(client: DashboardClient, query = ''): Promise<ClassifiedSitesReply> {
  const response = await client.get(`/classified-sites${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ClassifiedSitesReply;
}

function decide(client: DashboardClient, body: Record<string, unknown>): Promise<Response> {
  return client.post('/classified-sites/decisions', body);
}

async function deviceLists(): Promise<SchoolListsReply> {
  const response = await server.fetch(`${SCHOOL_LISTS_PATH}?role=pupil&yearGroup=Y7`, { headers: bearer(DEVICE_TOKEN) });
  expect(response.status).toBe(200);
  return (await response.json()) as SchoolListsReply;
}

const listed = (reply: SchoolListsReply, action: 'block' | 'allow') => reply.lists.filter((list) => list.action === action).flatMap((list) => list.domains);

beforeAll(async () => {
  server = await startTestServer({ start: NOW, config: { lockedDomains: ['locked-proxy.example'] } });
  for (const at of [...new Set(POSTED.map((p) => p.receivedAt))].sort()) {
    server.clock.set(new Date(at));
    const events = POSTED.filter((p) => p.receivedAt === at).map(eventOf);
    expect((await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events }))).status).toBe(200);
  }
  server.clock.set(NOW);
  itLead = await signIn(server, IT_LEAD);
  dsl = await signIn(server, DSL);
  const parent = await itLead.post('/school-lists', { action: 'block', targets: ['already-blocked.example'], audience: { scope: 'pupils' }, reason: 'Known adult site' });
  expect(parent.status).toBe(201);
});

afterAll(async () => {
  await server?.close();
});

describe('GET /dashboard/api/classified-sites', () => {
  it('lists every host the classifier stopped in the last 30 days with its figures, counted from what was posted', async () => {
    const reply = await classified(itLead);
    expect(reply.window).toEqual({ days: 30, from: new Date(NOW.getTime() - 30 * DAY).toISOString(), to: NOW.toISOString() });
    const expected = expectedSites(30);
    expect(reply.total).toBe(expected.length);
    expect(reply.sites.map(figures)).toEqual(expect.arrayContaining(expected));
    expect(reply.sites).toHaveLength(expected.length);
    // The figures mean something: the listed blocks, the staff member, nobody-signed-in and the second spelling of Ana count for nothing.
    expect(reply.sites.find((site) => site.host === 'lewd-pics.example')).toMatchObject({ blocks: 3, warnings: 1, pupils: 3, topScore: 0.97 });
    expect(reply.sites.find((site) => site.host === 'www.spin-win.example')).toMatchObject({ blocks: 1, warnings: 2, pupils: 1 });
    expect(reply.sites.find((site) => site.host === 'tunnel.example')!.categories).toEqual(['proxy', 'ai']);
    expect(JSON.stringify(reply)).not.toContain('secret.example');
    expect(JSON.stringify(reply)).not.toContain('old-news.example');
  });

  it('puts undecided sites first, then most stops, newest last seen, then by host; a site under a blocked parent is confirmed with that entry', async () => {
    const reply = await classified(itLead);
    const expected = expectedSites(30);
    const decided = ['cdn.already-blocked.example'];
    const order = [...inPageOrder(expected.filter((s) => !decided.includes(s.host))), ...inPageOrder(expected.filter((s) => decided.includes(s.host)))];
    expect(reply.sites.map((site) => site.host)).toEqual(order.map((site) => site.host));
    const cdn = reply.sites.find((site) => site.host === 'cdn.already-blocked.example')!;
    expect(cdn.state).toBe('confirmed');
    expect(cdn.entry).toMatchObject({ action: 'block', target: 'already-blocked.example', audience: { scope: 'pupils' }, createdBy: IT_LEAD.username });
    expect(reply.sites.filter((site) => site.host !== cdn.host).every((site) => site.state === 'undecided' && site.entry === null)).toBe(true);
  });

  it('widens the window when asked, on receive time', async () => {
    const reply = await classified(itLead, '?days=60');
    expect(reply.total).toBe(expectedSites(60).length);
    expect(reply.sites.find((site) => site.host === 'old-news.example')).toBeDefined();
    expect(expectedSites(60).length).toBe(expectedSites(30).length + 1);
  });

  it('pages with the total, never cut short: the pages together are the whole list, in order', async () => {
    const whole = (await classified(itLead)).sites.map((site) => site.host);
    const pages: string[] = [];
    for (let offset = 0; offset < whole.length; offset += 3) {
      const page = await classified(itLead, `?limit=3&offset=${offset}`);
      expect(page.total).toBe(whole.length);
      expect(page.sites.length).toBe(Math.min(3, whole.length - offset));
      pages.push(...page.sites.map((site) => site.host));
    }
    expect(pages).toEqual(whole);
    const past = await classified(itLead, `?limit=3&offset=${whole.length + 6}`);
    expect(past).toMatchObject({ sites: [], total: whole.length, offset: whole.length + 6, limit: 3 });
  });

  it('filters by state', async () => {
    const confirmed = await classified(itLead, '?state=confirmed');
    expect(confirmed.sites.map((site) => site.host)).toEqual(['cdn.already-blocked.example']);
    expect(confirmed.total).toBe(1);
    expect((await classified(itLead, '?state=undecided')).total).toBe(expectedSites(30).length - 1);
  });

  it.each(['days=0', 'days=366', 'days=ten', 'state=maybe', 'limit=0', 'limit=201', 'offset=-1'])('refuses %s with a 400 naming the field', async (query) => {
    const response = await itLead.get(`/classified-sites?${query}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; issues: { path: string }[] };
    expect(body.error).toBe('invalid query');
    expect(body.issues[0]!.path).toBe(query.split('=')[0]);
  });

  it('needs a signed-in session', async () => {
    expect((await server.fetch('/dashboard/api/classified-sites')).status).toBe(401);
    expect((await server.fetch('/dashboard/api/classified-sites/decisions', jsonPost(DEVICE_TOKEN, { host: 'lewd-pics.example', decision: 'reject', reason: 'token' }))).status).toBe(401);
  });
});

describe('confirm and reject', () => {
  it('confirm puts the host on the school’s block list for pupils, as devices read it, the trail marked as a classifier review', async () => {
    expect(listed(await deviceLists(), 'block')).not.toContain('lewd-pics.example');
    const response = await decide(itLead, { host: 'lewd-pics.example', decision: 'confirm', reason: 'Explicit images, checked' });
    expect(response.status).toBe(201);
    const { entry } = (await response.json()) as ClassifiedDecisionReply;
    expect(entry).toMatchObject({ action: 'block', target: 'lewd-pics.example', kind: 'domain', audience: { scope: 'pupils' }, createdBy: IT_LEAD.username, endsAt: null });
    const facts = expectedSites(30).find((site) => site.host === 'lewd-pics.example')!;
    expect(entry.reason).toBe(
      `Classifier review, confirmed: looked like adult (highest score ${facts.topScore.toFixed(2)}; ${facts.blocks} blocks, ${facts.warnings} warning, ${facts.pupils} pupils in the last 30 days). Explicit images, checked`,
    );
    expect(listed(await deviceLists(), 'block')).toContain('lewd-pics.example');
    const detail = (await (await itLead.get(`/school-lists/${entry.id}`)).json()) as SchoolListEntryDetail;
    expect(detail.trail).toHaveLength(1);
    expect(detail.trail[0]).toMatchObject({ change: 'added', actor: IT_LEAD.username, actorRole: 'it-lead', reason: entry.reason });
    expect(detail.trail[0]!.reason).toMatch(/^Classifier review, confirmed: /);
    const site = (await classified(itLead)).sites.find((s) => s.host === 'lewd-pics.example')!;
    expect(site.state).toBe('confirmed');
    expect(site.entry?.id).toBe(entry.id);
  });

  it('reject puts the site (www. dropped) on the school’s allow list for pupils, and devices get it', async () => {
    const response = await decide(itLead, { host: 'www.spin-win.example', decision: 'reject', reason: 'A maths probability game, not gambling' });
    expect(response.status).toBe(201);
    const { entry } = (await response.json()) as ClassifiedDecisionReply;
    expect(entry).toMatchObject({ action: 'allow', target: 'spin-win.example', audience: { scope: 'pupils' } });
    expect(entry.reason).toMatch(/^Classifier review, rejected \(the model was wrong\): looked like gambling \(highest score 0\.88; 1 block, 2 warnings, 1 pupil in the last 30 days\)\. A maths/);
    expect(listed(await deviceLists(), 'allow')).toContain('spin-win.example');
    const site = (await classified(itLead)).sites.find((s) => s.host === 'www.spin-win.example')!;
    expect(site).toMatchObject({ state: 'rejected', entry: { id: entry.id, action: 'allow', target: 'spin-win.example' } });
  });

  it('a DSL may confirm, as a DSL may block; only the IT Lead may reject, and a refused reject adds nothing', async () => {
    const before = (await server.counts()).school_list_entries;
    const refused = await decide(dsl, { host: 'tunnel.example', decision: 'reject', reason: 'Looks fine to me' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toContain('only the IT Lead may allow');
    expect((await server.counts()).school_list_entries).toBe(before);
    const confirmed = await decide(dsl, { host: 'dsl-confirms.example', decision: 'confirm', reason: 'Adult content, seen in a report' });
    expect(confirmed.status).toBe(201);
    expect(((await confirmed.json()) as ClassifiedDecisionReply).entry).toMatchObject({ action: 'block', createdBy: DSL.username, createdRole: 'dsl' });
  });

  it('refuses a site already decided (409 naming the entry), a site the classifier did not stop (404), and adds nothing', async () => {
    const before = (await server.counts()).school_list_entries;
    const again = await decide(itLead, { host: 'lewd-pics.example', decision: 'reject', reason: 'Changed my mind' });
    expect(again.status).toBe(409);
    const entryId = (await classified(itLead)).sites.find((s) => s.host === 'lewd-pics.example')!.entry!.id;
    expect(((await again.json()) as { error: string }).error).toContain(entryId);
    expect((await decide(itLead, { host: 'cdn.already-blocked.example', decision: 'confirm', reason: 'Again' })).status).toBe(409);
    expect((await decide(itLead, { host: 'never-stopped.example', decision: 'confirm', reason: 'Guessing' })).status).toBe(404);
    // Only in a longer window.
    expect((await decide(itLead, { host: 'old-news.example', decision: 'confirm', reason: 'Old' })).status).toBe(404);
    expect((await server.counts()).school_list_entries).toBe(before);
  });

  it('refuses to reject a site the school locked, as the school lists refuse any allow of it (422), and adds nothing', async () => {
    const before = (await server.counts()).school_list_entries;
    const response = await decide(itLead, { host: 'www.locked-proxy.example', decision: 'reject', reason: 'It is a web proxy we use' });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(body.error).toBe('the school does not allow this: nothing was added');
    expect(body.issues[0]!.message).toContain('locked-proxy.example');
    expect((await server.counts()).school_list_entries).toBe(before);
  });

  it('a removed entry decides nothing: the site is undecided again', async () => {
    const id = (await classified(itLead)).sites.find((s) => s.host === 'dsl-confirms.example')!.entry!.id;
    expect((await itLead.post(`/school-lists/${id}/remove`, { reason: 'Blocked by mistake' })).status).toBe(200);
    const site = (await classified(itLead)).sites.find((s) => s.host === 'dsl-confirms.example')!;
    expect(site).toMatchObject({ state: 'undecided', entry: null });
  });

  it.each([
    ['no reason', { host: 'tunnel.example', decision: 'confirm' }, 'reason'],
    ['a reason too short', { host: 'tunnel.example', decision: 'confirm', reason: 'no' }, 'reason'],
    ['a reason too long', { host: 'tunnel.example', decision: 'confirm', reason: 'x'.repeat(301) }, 'reason'],
    ['no decision', { host: 'tunnel.example', reason: 'Proxy' }, 'decision'],
    ['another decision', { host: 'tunnel.example', decision: 'ignore', reason: 'Proxy' }, 'decision'],
    ['not a host', { host: 'not a host/../x', decision: 'confirm', reason: 'Proxy' }, 'host'],
    ['a bad window', { host: 'tunnel.example', decision: 'confirm', reason: 'Proxy', days: 0 }, 'days'],
  ])('refuses %s with a 400, adding nothing', async (_name, body, path) => {
    const before = (await server.counts()).school_list_entries;
    const response = await decide(itLead, body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe(path);
    expect((await server.counts()).school_list_entries).toBe(before);
  });
});
