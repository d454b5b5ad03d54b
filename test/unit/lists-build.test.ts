/**
 * The rules build and the default list set, against the loopback mirror of
 * ../shared/lists:
 * - a test build never touches the network: with no cache it builds on the
 *   seed lists and says so in one line, even with a mirror running and named;
 * - `npm run lists`, then the build: the full default set, checked against
 *   line counts and sampled entries this test reads from the shared files
 *   itself (test/fixtures/lists/default-set.json says which file feeds which
 *   category), not from the lock or the importer;
 * - the production build (`--fetch-lists`) fetches what the cache lacks; with
 *   nothing listening, or a file that is not the pinned bytes, it builds on
 *   the seeds and says why (naming the file), and never fails.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListsMirror, SHARED_LISTS, startListsMirror, unusedOrigin } from '../harness/lists-mirror';
import { ROOT, runScript, type ScriptRun } from '../harness/run-script';

const FALLBACK = /^rules: building on the curated seed lists only \(rules\/lists\/\*\.txt\), not the default list set: /gm;
const EXPECTED = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'lists', 'default-set.json'), 'utf8')) as { categories: Record<string, string[]> };
const SEEDED = (JSON.parse(readFileSync(join(ROOT, 'rules', 'sources.json'), 'utf8')) as { sources: { category: string; from: string }[] }).sources;

let mirror: ListsMirror;
let work: string;

function lines(text: string): string[] {
  const body = text.replace(/^\uFEFF/, '');
  if (body === '') return [];
  const all = body.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

const read = (path: string) => readFileSync(path, 'utf8');

/** Lines read per category: the seed list plus every shared file the default set maps to it. */
function expectedLinesRead(withDefaultSet: boolean): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const seed of SEEDED) counts[seed.category] = (counts[seed.category] ?? 0) + lines(read(join(ROOT, 'rules', seed.from))).length;
  if (withDefaultSet) {
    for (const [category, files] of Object.entries(EXPECTED.categories)) {
      for (const file of files) counts[category] = (counts[category] ?? 0) + lines(read(join(SHARED_LISTS, file))).length;
    }
  }
  return counts;
}

/** A few plain domains from each domain or hosts file, read naively: every 500th line, ten at most. */
function sampledDomains(): { category: string; file: string; domain: string }[] {
  const samples: { category: string; file: string; domain: string }[] = [];
  for (const [category, files] of Object.entries(EXPECTED.categories)) {
    for (const file of files.filter((name) => !name.endsWith('.urls'))) {
      const content = lines(read(join(SHARED_LISTS, file))).filter((line) => line.trim() && !line.trim().startsWith('#'));
      const step = Math.max(1, Math.floor(content.length / 10));
      for (let index = 0; index < content.length && samples.filter((s) => s.file === file).length < 10; index += Math.min(step, 500)) {
        const words = content[index]!.trim().split(/\s+/);
        const domain = (file.endsWith('HOSTS.txt') ? words[1] : words[0])?.toLowerCase();
        if (domain && /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(domain)) samples.push({ category, file, domain });
      }
    }
  }
  return samples;
}

function stats(out: string) {
  return JSON.parse(read(join(out, 'stats.json'))) as { lists: { set: string; reason?: string; revisions?: Record<string, string> }; stats: Record<string, { linesRead: number }> };
}

function linesReadOf(out: string): Record<string, number> {
  return Object.fromEntries(Object.entries(stats(out).stats).filter(([, s]) => s.linesRead > 0).map(([category, s]) => [category, s.linesRead]));
}

function blockedDomains(out: string, category: string): Set<string> {
  const rules = JSON.parse(read(join(out, `${category}.block.json`))) as { condition: { requestDomains?: string[] } }[];
  return new Set(rules.flatMap((rule) => rule.condition.requestDomains ?? []));
}

function covered(domains: Set<string>, host: string): boolean {
  const labels = host.split('.');
  return labels.some((_, index) => domains.has(labels.slice(index).join('.')));
}

function build(args: string[], env: Record<string, string> = {}): Promise<ScriptRun> {
  return runScript('scripts/build-rules.ts', args, env);
}

beforeAll(async () => {
  mirror = await startListsMirror();
  work = mkdtempSync(join(tmpdir(), 'school-filter-lists-build-'));
});
afterAll(async () => {
  await mirror?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the rules build and the default list set', () => {
  it('test build, no cache: builds on the seed lists, says so once, and asks nothing of the network even with a mirror named', async () => {
    const out = join(work, 'seeds');
    const run = await build(['--lists-cache', join(work, 'empty-cache'), '--out', out], { SCHOOL_FILTER_LISTS_MIRROR: mirror.url });
    expect(run.code).toBe(0);
    expect(run.stdout.match(FALLBACK)).toHaveLength(1);
    expect(run.stdout).toMatch(/holds no copy of the lists rules\/lists\.lock\.json pins\. For the full default set run `npm run lists`/);
    expect(mirror.requests).toEqual([]);
    expect(linesReadOf(out)).toEqual(expectedLinesRead(false));
    expect(stats(out).lists).toMatchObject({ set: 'seeds' });
    expect(JSON.parse(read(join(out, 'attribution.json')))).toMatchObject({ listSet: 'seeds', lists: [] });
  }, 120_000);

  it('npm run lists, then the build: the full default set, every category as the shared files say', async () => {
    const cache = join(work, 'cache');
    const out = join(work, 'full');
    const fetched = await runScript('scripts/lists.ts', ['--cache', cache, '--mirror', mirror.url]);
    expect(fetched.code).toBe(0);
    const requests = mirror.requests.length;
    const run = await build(['--lists-cache', cache, '--out', out]);
    expect(run.stderr).not.toContain('ERROR');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(FALLBACK);
    expect(run.stdout).toContain('rules: sources rules/sources.json, rules/lists.lock.json');
    expect(mirror.requests.length).toBe(requests);
    expect(linesReadOf(out)).toEqual(expectedLinesRead(true));
    const lock = JSON.parse(read(join(ROOT, 'rules', 'lists.lock.json'))) as { upstreams: Record<string, { revision: string }> };
    expect(stats(out).lists).toEqual({ set: 'default', revisions: Object.fromEntries(Object.entries(lock.upstreams).map(([id, up]) => [id, up.revision])) });

    const neverBlock = new Set(lines(read(join(ROOT, 'rules', 'lists', 'never-block.txt'))).map((line) => line.trim()).filter((line) => line && !line.startsWith('#')));
    const samples = sampledDomains();
    expect(samples.length).toBeGreaterThan(300);
    const missing = samples.filter(({ category, domain }) => !covered(blockedDomains(out, category), domain) && !covered(neverBlock, domain));
    expect(missing).toEqual([]);
  }, 120_000);

  it("writes beside the rulesets the credits the lists' licences ask for: each list at its pin, CC BY-SA share-alike, the MIT notices", () => {
    const attribution = JSON.parse(read(join(work, 'full', 'attribution.json'))) as {
      listSet: string;
      lists: { id: string; revision: string; source: string; licence: { url: string }; attribution: string; adaptation?: string; notice?: string; categories: string[] }[];
    };
    expect(attribution.listSet).toBe('default');
    const byId = Object.fromEntries(attribution.lists.map((list) => [list.id, list]));
    expect(Object.keys(byId)).toEqual(['ut1', 'shadowwhisperer', 'nextdns-services', 'anti-porn-hosts']);
    const ut1 = byId.ut1!;
    expect(ut1.source).toBe('https://github.com/olbat/ut1-blacklists/tree/804da92a9177149204d9a3d0c4ab5bd1cafe120d');
    expect(ut1.licence.url).toBe('https://creativecommons.org/licenses/by-sa/4.0/');
    expect(ut1.attribution).toContain('Fabrice Prigent, Université Toulouse 1 Capitole');
    expect(ut1.adaptation).toMatch(/adaptations and are licensed under CC BY-SA 4\.0/);
    // Which of our categories each list feeds, from the fixture's files.
    const dirs: Record<string, string> = { ut1: 'ut1', shadowwhisperer: 'shadowwhisperer', 'nextdns-services': 'services', 'anti-porn-hosts': 'antiporn-hosts' };
    for (const [id, dir] of Object.entries(dirs)) {
      const fed = Object.entries(EXPECTED.categories).filter(([, files]) => files.some((file) => file.startsWith(`${dir}/`))).map(([category]) => category);
      expect(byId[id]!.categories.sort(), id).toEqual(fed.sort());
    }
    // MIT: "the above copyright notice and this permission notice shall be included in all copies".
    const license = read(join(SHARED_LISTS, 'antiporn-hosts', 'LICENSE')).replace(/^MIT License\s+/, '');
    expect(byId['anti-porn-hosts']!.notice).toBe(license);
    expect(byId['nextdns-services']!.notice).toMatch(/^Copyright \(c\) 2022 NextDNS\n\nPermission is hereby granted, free of charge/);
    expect(byId.ut1!.notice).toBeUndefined();
  });

  it('production build, no cache: fetches the pinned set first and builds the full default set', async () => {
    const cache = join(work, 'production-cache');
    const out = join(work, 'production');
    const run = await build(['--fetch-lists', '--lists-cache', cache, '--out', out], { SCHOOL_FILTER_LISTS_MIRROR: mirror.url });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^rules: fetched the default list set into \S+: 81 files \(\d+\.\d MB\), 0 already there, all verified by sha256/m);
    expect(run.stdout).not.toMatch(FALLBACK);
    expect(linesReadOf(out)).toEqual(expectedLinesRead(true));
  }, 120_000);

  it('production build, offline (nothing listening), no cache: builds on the seed lists, says so once, and succeeds', async () => {
    const out = join(work, 'offline');
    const run = await build(['--fetch-lists', '--lists-cache', join(work, 'offline-cache'), '--out', out], { SCHOOL_FILTER_LISTS_MIRROR: await unusedOrigin() });
    expect(run.code).toBe(0);
    expect(run.stdout.match(FALLBACK)).toHaveLength(1);
    expect(run.stdout).toMatch(/the lists could not be fetched \(offline\?\): .*ECONNREFUSED.*\. Build again when online/);
    expect(linesReadOf(out)).toEqual(expectedLinesRead(false));
  }, 120_000);

  it('production build: an upstream file that is not the pinned bytes is never built from: seeds, and the line names the file', async () => {
    mirror.tamper('ShadowWhisperer/BlockLists', 'RAW/Dating');
    const out = join(work, 'tampered');
    const run = await build(['--fetch-lists', '--lists-cache', join(work, 'tampered-cache'), '--out', out], { SCHOOL_FILTER_LISTS_MIRROR: mirror.url });
    expect(run.code).toBe(0);
    expect(run.stdout.match(FALLBACK)).toHaveLength(1);
    expect(run.stdout).toMatch(/a pinned list could not be verified: shadowwhisperer \(ShadowWhisperer\/BlockLists\) RAW\/Dating: \S+ is not the pinned file: .* Nothing unverified was used\./);
    expect(linesReadOf(out)).toEqual(expectedLinesRead(false));
  }, 120_000);
});
