/**
 * Cleaning one category: duplicates and covered subdomains go, URL entries a
 * domain already blocks go, and never-block wins over every category except
 * the licensed illegal feed. Counts are asserted so a report can be trusted.
 */
import { describe, expect, it } from 'vitest';
import { cleanCategory, coveringDomain, pruneDomains } from '../../src/filter/import/clean';
import { parseList } from '../../src/filter/import/parse-list';

const none = new Set<string>();

describe('pruneDomains', () => {
  it('drops duplicates and subdomains of listed parents, and sorts', () => {
    const result = pruneDomains(['b.com', 'x.a.b.com', 'a.b.com', 'b.com', 'notb.com', 'c.org', 'www.c.org']);
    expect(result).toEqual({ domains: ['b.com', 'c.org', 'notb.com'], duplicates: 1, pruned: 3 });
  });

  it('parses and prunes 200k generated domains with many subdomains', () => {
    const domains: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const site = `site${i}.example`;
      domains.push(`deep.www.${site}`, `www.${site}`, `cdn${i % 7}.${site}`);
      // Every other site is listed itself, so its subdomains are pruned.
      if (i % 2 === 0) domains.push(site);
      else domains.push(`deep.www.${site}`); // a duplicate
    }
    expect(domains).toHaveLength(200_000);
    // Through the parser too, upper case and all, as a real list would arrive.
    const parsed = parseList(domains.map((domain, i) => (i % 5 === 0 ? domain.toUpperCase() : domain)).join('\n'), 'domains', 'big.txt');
    expect(parsed.domains).toHaveLength(200_000);
    const cleaned = cleanCategory('adult', parsed, none);
    // Listed sites keep only themselves; unlisted ones keep www and cdn (deep.www is under www).
    expect(cleaned.counts).toEqual({ duplicates: 25_000, subdomainsPruned: 25_000 * 3 + 25_000, urlsCovered: 0, removedByNeverBlock: 0, finalDomains: 75_000, finalUrls: 0 });
    const kept = new Set(cleaned.list.domains);
    expect(kept.has('site0.example')).toBe(true);
    expect(kept.has('www.site0.example')).toBe(false);
    expect(kept.has('www.site1.example')).toBe(true);
    expect(kept.has('deep.www.site1.example')).toBe(false);
    expect([...cleaned.list.domains].sort()).toEqual(cleaned.list.domains);
  });
});

describe('coveringDomain', () => {
  it('matches the host or a parent at a label boundary only', () => {
    const set = new Set(['b.com']);
    expect(coveringDomain('b.com', set)).toBe('b.com');
    expect(coveringDomain('a.b.com', set)).toBe('b.com');
    expect(coveringDomain('notb.com', set)).toBeUndefined();
  });
});

describe('cleanCategory', () => {
  it('drops URL entries whose host a domain already covers, dedupes and sorts the rest', () => {
    const cleaned = cleanCategory(
      'adult',
      {
        domains: ['z.example', 'a.example'],
        urls: [
          { host: 'y.example', path: '/b' },
          { host: 'sub.a.example', path: '/page' },
          { host: 'y.example', path: '/a' },
          { host: 'y.example', path: '/b' },
        ],
      },
      none,
    );
    expect(cleaned.list).toEqual({
      domains: ['a.example', 'z.example'],
      urls: [
        { host: 'y.example', path: '/a' },
        { host: 'y.example', path: '/b' },
      ],
    });
    expect(cleaned.counts).toEqual({ duplicates: 1, subdomainsPruned: 0, urlsCovered: 1, removedByNeverBlock: 0, finalDomains: 2, finalUrls: 2 });
  });

  it('removes entries at or under a never-block domain and reports each', () => {
    const neverBlock = new Set(['bbc.co.uk', 'classroom.google.com']);
    const cleaned = cleanCategory(
      'streaming',
      { domains: ['bbc.co.uk', 'iplayer.bbc.co.uk', 'netflix.com', 'classroom.google.com'], urls: [{ host: 'news.bbc.co.uk', path: '/clip' }] },
      neverBlock,
    );
    expect(cleaned.list.domains).toEqual(['netflix.com']);
    expect(cleaned.list.urls).toEqual([]);
    expect(cleaned.removals).toEqual([
      { category: 'streaming', domain: 'bbc.co.uk', neverBlock: 'bbc.co.uk' },
      { category: 'streaming', domain: 'classroom.google.com', neverBlock: 'classroom.google.com' },
    ]);
    // The URL was already covered by bbc.co.uk, so it counts there and not as a removal.
    expect(cleaned.counts).toMatchObject({ subdomainsPruned: 1, urlsCovered: 1, removedByNeverBlock: 2, finalDomains: 1, finalUrls: 0 });
  });

  it('keeps a path-level entry under never-block (one phishing form, not the site) and reports it', () => {
    const cleaned = cleanCategory('malware', { domains: [], urls: [{ host: 'docs.google.com', path: '/forms/x' }] }, new Set(['google.com']));
    expect(cleaned.list.urls).toEqual([{ host: 'docs.google.com', path: '/forms/x' }]);
    expect(cleaned.removals).toEqual([]);
    expect(cleaned.keptDespiteNeverBlock).toEqual([{ category: 'malware', domain: 'docs.google.com/forms/x', neverBlock: 'google.com' }]);
  });

  it('keeps a parent of a never-block domain and reports the shadowing', () => {
    const cleaned = cleanCategory('ai', { domains: ['google.com', 'openai.com'], urls: [] }, new Set(['classroom.google.com', 'bbc.co.uk']));
    expect(cleaned.list.domains).toEqual(['google.com', 'openai.com']);
    expect(cleaned.removals).toEqual([]);
    expect(cleaned.shadowing).toEqual([{ category: 'ai', domain: 'google.com', neverBlock: 'classroom.google.com' }]);
  });

  it('never lets never-block remove entries from the illegal feed', () => {
    const cleaned = cleanCategory('illegal', { domains: ['bad.school.example'], urls: [{ host: 'host.school.example', path: '/img/1' }] }, new Set(['school.example']));
    expect(cleaned.list.domains).toEqual(['bad.school.example']);
    expect(cleaned.list.urls).toEqual([{ host: 'host.school.example', path: '/img/1' }]);
    expect(cleaned.removals).toEqual([]);
    expect(cleaned.keptDespiteNeverBlock.map((entry) => entry.domain)).toEqual(['bad.school.example', 'host.school.example/img/1']);
    expect(cleaned.counts.removedByNeverBlock).toBe(0);
  });
});
