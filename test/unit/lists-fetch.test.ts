/**
 * `npm run lists` against the loopback mirror of ../shared/lists: it fetches
 * every pinned file over the raw-file protocol into the cache, verified;
 * fetches nothing already verified; refetches only a copy that went bad; and
 * on a wrong sha256, a missing file or no network it fails naming the list
 * and file and leaves the previous cache exactly as it was.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListsMirror, lockAtRevision, SHARED_LISTS, sharedFileOf, startListsMirror, unusedOrigin } from '../harness/lists-mirror';
import { ROOT, runScript } from '../harness/run-script';

type Lock = { upstreams: Record<string, { github: string; revision: string; files: Record<string, { sha256: string; bytes: number }> }> };
const LOCK: Lock = JSON.parse(readFileSync(join(ROOT, 'rules', 'lists.lock.json'), 'utf8'));
const FILES = Object.entries(LOCK.upstreams).flatMap(([id, up]) => Object.keys(up.files).map((path) => ({ id, github: up.github, revision: up.revision, path })));

let mirror: ListsMirror;
let work: string;
let cache: string;

function writeLock(name: string, change: (lock: Lock) => void): string {
  const copy = structuredClone(LOCK);
  change(copy);
  const path = join(work, name);
  writeFileSync(path, JSON.stringify(copy));
  return path;
}

/** Every file under a folder with its sha256: what "the cache as it was" means. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex')];
      })
      .sort(),
  );
}

beforeAll(async () => {
  mirror = await startListsMirror();
  work = mkdtempSync(join(tmpdir(), 'school-filter-lists-'));
  cache = join(work, 'cache');
});
afterAll(async () => {
  await mirror?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('npm run lists', () => {
  it('fetches every pinned file from the raw URL at its pinned commit into the cache, byte for byte', async () => {
    const run = await runScript('scripts/lists.ts', ['--cache', cache, '--mirror', mirror.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${FILES.length} files of 4 lists .*: ${FILES.length} fetched \\(\\d+\\.\\d MB\\), 0 already there; all verified by sha256`));
    expect(mirror.requests.sort()).toEqual(FILES.map((file) => `/${file.github}/${file.revision}/${file.path}`).sort());
    for (const file of FILES) {
      const cached = readFileSync(join(cache, 'lists', file.id, file.path));
      expect(cached.equals(readFileSync(join(SHARED_LISTS, sharedFileOf(file.github, file.path)!))), `${file.id} ${file.path}`).toBe(true);
    }
  }, 60_000);

  it('fetches nothing again when the cache already holds the verified set', async () => {
    const before = mirror.requests.length;
    const run = await runScript('scripts/lists.ts', ['--cache', cache, '--mirror', mirror.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`: 0 fetched (0.0 MB), ${FILES.length} already there`);
    expect(mirror.requests.length).toBe(before);
  }, 60_000);

  it('refetches only a cached copy that is no longer the pinned file, and takes the mirror from SCHOOL_FILTER_LISTS_MIRROR', async () => {
    const damaged = join(cache, 'lists', 'shadowwhisperer', 'RAW', 'Gambling');
    writeFileSync(damaged, 'edited.example\n');
    const before = mirror.requests.length;
    const run = await runScript('scripts/lists.ts', ['--cache', cache], { SCHOOL_FILTER_LISTS_MIRROR: mirror.url });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`: 1 fetched`);
    expect(mirror.requests.slice(before)).toEqual([`/ShadowWhisperer/BlockLists/${LOCK.upstreams.shadowwhisperer!.revision}/RAW/Gambling`]);
    expect(readFileSync(damaged).equals(readFileSync(join(SHARED_LISTS, 'shadowwhisperer', 'Gambling.txt')))).toBe(true);
  }, 60_000);

  it('fails on a sha256 that is not the pinned one, naming the list and file, and keeps the previous cache', async () => {
    // Every other file is pinned at the older revision, so a run that wrote into the live cache as it went would change it.
    const lock = join(work, 'older-with-bad-sha.json');
    const older = lockAtRevision(LOCK, mirror, 'older');
    older.upstreams['anti-porn-hosts']!.files['HOSTS.txt']!.sha256 = '0'.repeat(64);
    writeFileSync(lock, JSON.stringify(older));
    const before = snapshot(cache);
    const run = await runScript('scripts/lists.ts', ['--cache', cache, '--lock', lock, '--mirror', mirror.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^lists: ERROR: anti-porn-hosts \(4skinSkywalker\/Anti-Porn-HOSTS-File\) HOSTS\.txt: http:\/\/127\.0\.0\.1:\d+\/4skinSkywalker\/Anti-Porn-HOSTS-File\/[0-9a-f]{40}\/HOSTS\.txt is not the pinned file: sha256 [0-9a-f]{64} \(\d+ bytes\), the lock pins 0{64}/,
    );
    expect(snapshot(cache)).toEqual(before);
    expect(readdirSync(cache)).toEqual(['lists']);
  }, 60_000);

  it('fails on a pinned file the upstream does not have (HTTP 404), naming it, and keeps the previous cache', async () => {
    const lock = writeLock('missing-file.json', (copy) => {
      (copy.upstreams.ut1!.files as Record<string, unknown>)['blacklists/no-such-category/domains'] = { category: 'adult', format: 'domains', sha256: 'a'.repeat(64), bytes: 1 };
    });
    const before = snapshot(cache);
    const run = await runScript('scripts/lists.ts', ['--cache', cache, '--lock', lock, '--mirror', mirror.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^lists: ERROR: ut1 \(olbat\/ut1-blacklists\) blacklists\/no-such-category\/domains: cannot fetch http:\/\/\S+: HTTP 404/);
    expect(snapshot(cache)).toEqual(before);
    expect(readdirSync(cache)).toEqual(['lists']);
  }, 60_000);

  it('fails with no network (nothing listening), naming the file it could not fetch, and keeps the previous cache', async () => {
    const lock = writeLock('newer-hosts.json', (copy) => {
      copy.upstreams['anti-porn-hosts']!.files['HOSTS.txt']!.sha256 = 'b'.repeat(64);
    });
    const before = snapshot(cache);
    const run = await runScript('scripts/lists.ts', ['--cache', cache, '--lock', lock, '--mirror', await unusedOrigin()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^lists: ERROR: anti-porn-hosts \(4skinSkywalker\/Anti-Porn-HOSTS-File\) HOSTS\.txt: cannot fetch http:\/\/127\.0\.0\.1:\d+\/\S+: ECONNREFUSED/);
    expect(snapshot(cache)).toEqual(before);
  }, 60_000);
});
