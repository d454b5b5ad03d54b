/**
 * The critical-endpoint fixture: its parser (host sets, conditions, errors
 * that name where) and the committed file itself.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCriticalEndpoints } from '../../scripts/import/critical-endpoints-file';
import { loadReferences } from '../../scripts/import/over-block-references';
import { endpointApplies, parseCriticalEndpoints } from '../../src/filter/critical-endpoints';

describe('parseCriticalEndpoints', () => {
  it('repeats an entry at www.<each domain> of its host set, marks the copies, and drops duplicates', () => {
    const endpoints = parseCriticalEndpoints(
      {
        hostSets: { google: { domains: ['google.com', 'google.de'] } },
        endpoints: [
          { service: 'result link', url: 'https://www.google.com/url?q=x', alsoAt: 'google', why: 'every click' },
          { service: 'embed', url: 'https://www.youtube.com/embed/x', type: 'sub_frame', when: 'youtube-open', why: 'lessons' },
        ],
      },
      'f.json',
    );
    expect(endpoints).toEqual([
      { service: 'result link', url: 'https://www.google.com/url?q=x', why: 'every click', type: 'main_frame' },
      { service: 'result link', url: 'https://www.google.de/url?q=x', why: 'every click', type: 'main_frame', hostSet: 'google' },
      { service: 'embed', url: 'https://www.youtube.com/embed/x', why: 'lessons', type: 'sub_frame', when: 'youtube-open' },
    ]);
    expect(endpointApplies(endpoints[2]!, { safeSearch: { youtube: 'block' } })).toBe(false);
    expect(endpointApplies(endpoints[2]!, { safeSearch: { youtube: 'moderate' } })).toBe(true);
    expect(endpointApplies(endpoints[0]!, { safeSearch: { youtube: 'block' } })).toBe(true);
  });

  it('names the file and the place of every problem', () => {
    expect(() => parseCriticalEndpoints({ endpoints: [{ service: 's', url: 'ftp://x.example/', why: 'because' }, { service: 's', url: 'https://x.example/' }] }, 'f.json')).toThrow(
      /f\.json: invalid critical-endpoint fixture:\n {2}endpoints\.0\.url: must be an http\(s\) address\n {2}endpoints\.1\.why: /,
    );
    expect(() => parseCriticalEndpoints({ endpoints: [{ service: 's', url: 'https://x.example/', why: 'because', alsoAt: 'nope' }] }, 'f.json')).toThrow(
      'f.json: endpoints.0.alsoAt: no host set "nope" (have: none)',
    );
  });

  it('the committed fixture: every entry with its why, the issue\'s endpoints present, Google at every search domain', async () => {
    const endpoints = await loadCriticalEndpoints();
    expect(endpoints.every((e) => e.why.length >= 3 && /^https:\/\//.test(e.url))).toBe(true);
    const hosts = new Set(endpoints.map((e) => new URL(e.url).hostname));
    for (const host of ['www.google.co.uk', 'www.google.de', 'www.google.co.id', 'www.google.com.af', 'www.google.ga', 'drive.google.com', 'forms.office.com', 'invitations.microsoft.com', 'notifications.googleapis.com', 'classroom.google.com']) {
      expect(hosts.has(host), host).toBe(true);
    }
  });
});

describe('loadReferences', () => {
  const root = mkdtempSync(join(tmpdir(), 'references-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
    return join(root, path);
  };

  it('reads our lists and UT1 categories from the UT1 source the build imports, and says when there is none', async () => {
    write('ut1/press.domains', 'news.example\n10.0.0.1\nnews.example\n');
    write('ut1/press.urls', 'paper.example/section\n');
    write('ut1/games.domains', 'game.example\n');
    write('ours.txt', 'school.example # why\n');
    const config = write('references.json', JSON.stringify({ references: [{ name: 'ours', from: 'ours.txt', why: 'ours' }, { name: 'press', ut1: 'press', why: 'news' }] }));
    const withUt1 = write('with.json', JSON.stringify({ sources: [{ format: 'ut1', from: 'ut1' }] }));
    const without = write('without.json', JSON.stringify({ sources: [] }));
    expect((await loadReferences([withUt1], { path: config })).sets).toEqual([
      { name: 'ours', why: 'ours', entries: [{ host: 'school.example' }] },
      { name: 'press', why: 'news', entries: [{ host: 'news.example' }, { host: 'paper.example', path: '/section' }] },
    ]);
    const skipped = await loadReferences([without], { path: config });
    expect(skipped.sets.map((set) => set.name)).toEqual(['ours']);
    expect(skipped.notes).toEqual([`skipped (no UT1 source in ${without}): press`]);
  });

  it('refuses a bad line in our own lists, naming file and line', async () => {
    write('bad.txt', 'ok.example\nnot a domain\n');
    const config = write('bad-references.json', JSON.stringify({ references: [{ name: 'bad', from: 'bad.txt', why: 'ours' }] }));
    await expect(loadReferences([], { path: config })).rejects.toThrow(`${join(root, 'bad.txt')}:2: `);
  });
});
