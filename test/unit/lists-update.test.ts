/**
 * `npm run lists -- update` against the loopback mirror, which serves every
 * upstream at two revisions: `older` (one line in sixteen had a different,
 * `retired-` entry) and `pinned` (the files in ../shared/lists). From a lock
 * copy pinned at the older revision, update must find the newest commit
 * through GitHub's commits API, fetch and check the files at it, print per
 * category the entries added and removed, and rewrite the lock copy to
 * exactly the repository's own lock (whose pins are the shared files).
 * The expected diff is computed here from the shared files with a reading of
 * the list formats of this test's own, not the importer's.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ListsMirror, lockAtRevision, olderText, SHARED_LISTS, startListsMirror } from '../harness/lists-mirror';
import { ROOT, runScript } from '../harness/run-script';

type Lock = { upstreams: Record<string, { github: string; revision: string; files: Record<string, { sha256?: string; bytes?: number }> }> };
const LOCK_TEXT = readFileSync(join(ROOT, 'rules', 'lists.lock.json'), 'utf8');
const LOCK: Lock = JSON.parse(LOCK_TEXT);
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const EXPECTED = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'lists', 'default-set.json'), 'utf8')) as { categories: Record<string, string[]> };

const DOMAIN = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.(?!-)[a-z0-9-]*[a-z][a-z0-9-]*(?<!-)$/;

/** This test's own reading of a list line: the entries it names (domains, or host/path). */
function entriesOfLine(line: string, format: 'domains' | 'hosts' | 'urls'): string[] {
  // Host names are case-insensitive, paths are not.
  const content = line.replace(/\s#.*$/, '').trim();
  if (!content || content.startsWith('#')) return [];
  const valid = (name: string) => {
    const bare = name.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
    return DOMAIN.test(bare) ? bare : undefined;
  };
  if (format === 'hosts') {
    const [address, ...names] = content.split(/\s+/);
    if (!/^(0\.0\.0\.0|127\.\d+\.\d+\.\d+)$/.test(address!)) return [];
    return names.filter((name) => !/^(localhost(\.localdomain)?|local|broadcasthost|ip6-.*)$/i.test(name)).flatMap((name) => valid(name) ?? []);
  }
  if (/\s/.test(content)) return [];
  if (format === 'domains') return [valid(content) ?? []].flat();
  const rest = content.replace(/^https?:\/\//i, '');
  const cut = rest.search(/[/?#]/);
  const host = valid(cut < 0 ? rest : rest.slice(0, cut));
  if (!host) return [];
  let path = (cut < 0 ? '' : rest.slice(cut)).replace(/#.*$/, '');
  if (path.startsWith('?')) path = `/${path}`;
  return [path === '' || path === '/' ? host : `${host}${path}`];
}

function categoryEntries(revision: 'older' | 'pinned'): Map<string, Set<string>> {
  const entries = new Map<string, Set<string>>();
  for (const [category, files] of Object.entries(EXPECTED.categories)) {
    const set = new Set<string>();
    for (const file of files) {
      const format = file.endsWith('.urls') ? 'urls' : file.endsWith('HOSTS.txt') ? 'hosts' : 'domains';
      const text = readFileSync(join(SHARED_LISTS, file), 'utf8');
      for (const line of (revision === 'pinned' ? text : olderText(text)).split('\n')) for (const entry of entriesOfLine(line, format)) set.add(entry);
    }
    entries.set(category, set);
  }
  return entries;
}

/** `  gambling: +12 -3 (41000 -> 41009); added ...` lines, as numbers. */
function printedChanges(stdout: string): Record<string, { added: number; removed: number; before: number; after: number }> {
  const changes: Record<string, { added: number; removed: number; before: number; after: number }> = {};
  for (const match of stdout.matchAll(/^ {2}([a-z-]+):\s+\+(\d+) -(\d+) \((\d+) -> (\d+)\)/gm)) {
    changes[match[1]!] = { added: Number(match[2]), removed: Number(match[3]), before: Number(match[4]), after: Number(match[5]) };
  }
  return changes;
}

let mirror: ListsMirror;
let work: string;
let lockCopy: string;
let cache: string;

beforeAll(async () => {
  mirror = await startListsMirror();
  work = mkdtempSync(join(tmpdir(), 'school-filter-lists-update-'));
});
afterAll(async () => {
  await mirror?.close();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  mirror.reset();
  lockCopy = join(work, `lock-${Date.now()}.json`);
  cache = join(work, `cache-${Date.now()}`);
  writeFileSync(lockCopy, JSON.stringify(lockAtRevision(LOCK, mirror, 'older'), null, 2));
});

describe('npm run lists -- update', () => {
  it('moves every pin from the older mirror revision to the newest, prints the per-category diff, and rewrites the lock copy', async () => {
    const fetched = await runScript('scripts/lists.ts', ['--lock', lockCopy, '--cache', cache, '--mirror', mirror.url]);
    expect(fetched.code).toBe(0);
    const run = await runScript('scripts/lists.ts', ['update', '--lock', lockCopy, '--cache', cache, '--mirror', mirror.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const [id, up] of Object.entries(LOCK.upstreams)) {
      const revisions = mirror.revisions[up.github]!;
      expect(run.stdout).toContain(`lists: ${id} (${up.github}): ${revisions.older.slice(0, 7)} -> ${revisions.pinned.slice(0, 7)}, `);
    }

    const before = categoryEntries('older');
    const after = categoryEntries('pinned');
    const expected = Object.fromEntries(
      [...after].map(([category, now]) => {
        const old = before.get(category)!;
        return [category, { added: [...now].filter((e) => !old.has(e)).length, removed: [...old].filter((e) => !now.has(e)).length, before: old.size, after: now.size }];
      }),
    );
    expect(printedChanges(run.stdout)).toEqual(expected);
    // Both directions show for the big lists, with examples.
    expect(expected.adult!.added).toBeGreaterThan(1000);
    expect(expected.adult!.removed).toBeGreaterThan(1000);
    const gambling = run.stdout.split('\n').find((line) => line.startsWith('  gambling:'))!;
    const added = /added ([^;]+)/.exec(gambling)![1]!.replace(', ...', '').split(', ');
    const removed = /removed ([^;]+)/.exec(gambling)![1]!.replace(', ...', '').split(', ');
    expect(added).toHaveLength(3);
    for (const entry of added) expect(after.get('gambling')!.has(entry) && !before.get('gambling')!.has(entry), entry).toBe(true);
    for (const entry of removed) expect(entry.startsWith('retired-') && before.get('gambling')!.has(entry), entry).toBe(true);

    // The pins at the newest revision are the repository's own: the shared files.
    expect(readFileSync(lockCopy, 'utf8')).toBe(LOCK_TEXT);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toBe(README);
    // Asked the commits API, then the tree, then the raw files at the newest commit.
    expect(mirror.requests).toContain('/repos/olbat/ut1-blacklists/commits/HEAD');
    expect(mirror.requests).toContain(`/repos/olbat/ut1-blacklists/git/trees/${LOCK.upstreams.ut1!.revision}?recursive=1`);
    // The cache now holds the new pins: a fetch has nothing to do.
    const again = await runScript('scripts/lists.ts', ['--lock', lockCopy, '--cache', cache, '--mirror', mirror.url]);
    expect(again.stdout).toContain(': 0 fetched (0.0 MB), 81 already there');
  }, 120_000);

  it('moves only the upstreams named, and says when one is already at its newest commit', async () => {
    mirror.setNewest('older');
    const run = await runScript('scripts/lists.ts', ['update', 'nextdns-services', 'anti-porn-hosts', '--lock', lockCopy, '--cache', cache, '--mirror', mirror.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`lists: nextdns-services (nextdns/services): already at the newest commit ${mirror.revisions['nextdns/services']!.older.slice(0, 7)}`);
    expect(run.stdout).toMatch(/^ {2}adult: +\+0 -0 \(\d+ -> \d+\); no change$/m);
    mirror.setNewest('pinned');
    const moved = await runScript('scripts/lists.ts', ['update', 'anti-porn-hosts', '--lock', lockCopy, '--cache', cache, '--mirror', mirror.url]);
    expect(moved.code).toBe(0);
    const lock = JSON.parse(readFileSync(lockCopy, 'utf8')) as Lock;
    expect(lock.upstreams['anti-porn-hosts']!.revision).toBe(LOCK.upstreams['anti-porn-hosts']!.revision);
    expect(lock.upstreams['anti-porn-hosts']!.files).toEqual(LOCK.upstreams['anti-porn-hosts']!.files);
    expect(lock.upstreams.ut1!.revision).toBe(mirror.revisions['olbat/ut1-blacklists']!.older);
    expect(printedChanges(moved.stdout).gambling).toMatchObject({ added: 0, removed: 0 });
    expect(printedChanges(moved.stdout).adult!.added).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a file whose bytes are not the blob the commit holds, naming it, and changes neither the lock nor the cache', async () => {
    await runScript('scripts/lists.ts', ['--lock', lockCopy, '--cache', cache, '--mirror', mirror.url]);
    const lockBefore = readFileSync(lockCopy, 'utf8');
    const cachedBefore = readFileSync(join(cache, 'lists', 'shadowwhisperer', 'RAW', 'Dating'));
    mirror.tamper('ShadowWhisperer/BlockLists', 'RAW/Dating');
    const run = await runScript('scripts/lists.ts', ['update', '--lock', lockCopy, '--cache', cache, '--mirror', mirror.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^lists: ERROR: shadowwhisperer \(ShadowWhisperer\/BlockLists\) RAW\/Dating: \S+ is not the file commit [0-9a-f]{40} holds \(git blob [0-9a-f]{40}, the tree says [0-9a-f]{40}\)/);
    expect(readFileSync(lockCopy, 'utf8')).toBe(lockBefore);
    expect(readFileSync(join(cache, 'lists', 'shadowwhisperer', 'RAW', 'Dating')).equals(cachedBefore)).toBe(true);
  }, 120_000);

  it('says plainly when the newest commit no longer has a file the set maps', async () => {
    const lock = JSON.parse(readFileSync(lockCopy, 'utf8')) as Lock;
    lock.upstreams['nextdns-services']!.files['services/myspace'] = { ...lock.upstreams['nextdns-services']!.files['services/vk'] };
    (lock.upstreams['nextdns-services']!.files['services/myspace'] as { category?: string }).category = 'social';
    writeFileSync(lockCopy, JSON.stringify(lock));
    const run = await runScript('scripts/lists.ts', ['update', 'nextdns-services', '--lock', lockCopy, '--cache', cache, '--mirror', mirror.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^lists: ERROR: nextdns-services \(nextdns\/services\) services\/myspace: not in commit [0-9a-f]{40}: the upstream renamed or removed it\. Fix the mapping in the lock/);
  }, 120_000);
});
