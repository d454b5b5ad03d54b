/**
 * rules/lists.lock.json: its schema (and the errors a broken lock gets), that
 * it maps exactly the files the default set is meant to hold, and that every
 * pin (revision, sha256, size) is what the upstream serves at that revision,
 * fetched over HTTP from the loopback mirror of ../shared/lists with the raw
 * file URLs GitHub uses.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseListsLock, pinnedFiles, unpinnedFiles } from '../../src/filter/lists/lock';
import { UT1_CATEGORY_MAP } from '../../src/filter/import/ut1';
import { type ListsMirror, SHARED_LISTS, sharedFileOf, startListsMirror } from '../harness/lists-mirror';

const ROOT = join(import.meta.dirname, '..', '..');
const LOCK_TEXT = readFileSync(join(ROOT, 'rules', 'lists.lock.json'), 'utf8');
const LOCK_JSON = JSON.parse(LOCK_TEXT) as {
  upstreams: Record<string, { github: string; revision: string; licence: { id: string }; files: Record<string, { category: string; format: string; sha256: string; bytes: number }> }>;
};
const EXPECTED = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'lists', 'default-set.json'), 'utf8')) as { categories: Record<string, string[]> };

function withChange(change: (lock: typeof LOCK_JSON) => void): string {
  const copy = structuredClone(LOCK_JSON);
  change(copy);
  return JSON.stringify(copy);
}

let mirror: ListsMirror;
beforeAll(async () => {
  mirror = await startListsMirror();
});
afterAll(() => mirror?.close());

describe('the lists lock', () => {
  it('is valid and every file in it is pinned', () => {
    const lock = parseListsLock(LOCK_TEXT, 'rules/lists.lock.json');
    expect(unpinnedFiles(lock)).toEqual([]);
    expect(pinnedFiles(lock, 'rules/lists.lock.json').length).toBe(Object.values(EXPECTED.categories).flat().length);
  });

  it('maps exactly the files of the default set, each to its category and in its format', () => {
    const mapped: Record<string, string[]> = {};
    for (const upstream of Object.values(LOCK_JSON.upstreams)) {
      for (const [path, file] of Object.entries(upstream.files)) {
        const shared = sharedFileOf(upstream.github, path);
        expect(shared, `${upstream.github} ${path} has no copy in ../shared/lists`).toBeDefined();
        (mapped[file.category] ??= []).push(shared!);
        const format = shared!.endsWith('.urls') ? 'urls' : shared!.endsWith('HOSTS.txt') ? 'hosts' : 'domains';
        expect(file.format, `${upstream.github} ${path}`).toBe(format);
      }
    }
    const sorted = (record: Record<string, string[]>) => Object.fromEntries(Object.entries(record).map(([key, files]) => [key, [...files].sort()]).sort());
    expect(sorted(mapped)).toEqual(sorted(EXPECTED.categories));
  });

  it("maps UT1's files as the importer maps UT1 categories, and leaves out v2fly and UT1's adult domains", () => {
    for (const [path, file] of Object.entries(LOCK_JSON.upstreams.ut1!.files)) {
      const ut1Category = /^blacklists\/([^/]+)\/(domains|urls)$/.exec(path)?.[1];
      expect(UT1_CATEGORY_MAP[ut1Category!], path).toBe(file.category);
    }
    expect(Object.keys(LOCK_JSON.upstreams.ut1!.files)).not.toContain('blacklists/adult/domains');
    expect(Object.values(LOCK_JSON.upstreams).map((upstream) => upstream.github)).not.toContain('v2fly/domain-list-community');
  });

  it('pins each upstream at the revision its copy in ../shared/lists was taken from', () => {
    const sources: Record<string, string> = {
      'olbat/ut1-blacklists': 'ut1',
      'ShadowWhisperer/BlockLists': 'shadowwhisperer',
      'nextdns/services': 'services',
      '4skinSkywalker/Anti-Porn-HOSTS-File': 'antiporn-hosts',
    };
    for (const upstream of Object.values(LOCK_JSON.upstreams)) {
      const source = readFileSync(join(SHARED_LISTS, sources[upstream.github]!, 'SOURCE.txt'), 'utf8');
      expect(source, upstream.github).toContain(upstream.revision);
    }
  });

  it('has every pin right: the raw file at the pinned revision has the pinned sha256 and size', async () => {
    let checked = 0;
    for (const upstream of Object.values(LOCK_JSON.upstreams)) {
      for (const [path, file] of Object.entries(upstream.files)) {
        const response = await fetch(`${mirror.url}/${upstream.github}/${upstream.revision}/${path}`);
        expect(response.status, `${upstream.github} ${path}`).toBe(200);
        const bytes = Buffer.from(await response.arrayBuffer());
        expect({ path, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length }).toEqual({ path, sha256: file.sha256, bytes: file.bytes });
        checked++;
      }
    }
    expect(checked).toBe(81);
  });

  it('names every problem of a broken lock with its place in the file', () => {
    const broken = withChange((lock) => {
      lock.upstreams.ut1!.files['blacklists/gambling/domains']!.sha256 = 'not-a-hash';
      lock.upstreams.ut1!.revision = 'HEAD';
      (lock.upstreams.ut1!.files as Record<string, unknown>)['../../etc/passwd'] = { category: 'adult', format: 'domains' };
      lock.upstreams['anti-porn-hosts']!.files['HOSTS.txt']!.category = 'porn';
    });
    const error = (() => {
      try {
        parseListsLock(broken, 'lock.json');
      } catch (caught) {
        return (caught as Error).message;
      }
      return 'no error';
    })();
    expect(error).toMatch(/^lock\.json: invalid lists lock:/);
    expect(error).toContain('upstreams.ut1.files.blacklists/gambling/domains.sha256: a sha256');
    expect(error).toContain('upstreams.ut1.revision: a full commit id');
    expect(error).toMatch(/upstreams\.ut1\.files\.\.\.\/\.\.\/etc\/passwd: .*no "\." or "\.\." parts/);
    expect(error).toContain('upstreams.anti-porn-hosts.files.HOSTS.txt.category');
  });

  it('refuses a sha256 without a size, and a file not pinned yet when the pins are asked for', () => {
    expect(() => parseListsLock(withChange((lock) => delete (lock.upstreams.ut1!.files['blacklists/arjel/domains'] as { bytes?: number }).bytes), 'lock.json')).toThrow(
      /blacklists\/arjel\/domains: sha256 and bytes are set together/,
    );
    const unpinned = parseListsLock(
      withChange((lock) => {
        const file = lock.upstreams.ut1!.files['blacklists/arjel/domains'] as { sha256?: string; bytes?: number };
        delete file.sha256;
        delete file.bytes;
      }),
      'lock.json',
    );
    expect(unpinnedFiles(unpinned)).toEqual(['ut1:blacklists/arjel/domains']);
    expect(() => pinnedFiles(unpinned, 'lock.json')).toThrow(/lock\.json: 1 files are not pinned yet \(ut1:blacklists\/arjel\/domains\): run `npm run lists -- update`/);
  });
});
