/**
 * importSources end to end on temporary files: every format, directories,
 * UT1 trees and tarballs, http(s) sources from a local server, never-block,
 * optional and missing sources, and sources files that are wrong.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../scripts/import/format-report';
import { importSources } from '../../scripts/import/import-sources';
import { readableName } from '../../scripts/import/readable-name';
import { emptyStats } from '../../src/filter/import/stats';
import type { CategoryList, ImportResult } from '../../src/filter/import/types';
import { CATEGORY_IDS, type CategoryId } from '../../src/shared/categories';

const encoder = new TextEncoder();

/** Just enough ustar to hand importSources a real tarball. */
function tarball(files: Record<string, string>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, text] of Object.entries(files)) {
    const data = encoder.encode(text);
    const header = new Uint8Array(512);
    const put = (offset: number, value: string) => header.set(encoder.encode(value), offset);
    put(0, name);
    put(100, '0000644\0');
    put(124, `${data.length.toString(8).padStart(11, '0')}\0`);
    put(136, '00000000000\0');
    put(156, '0');
    put(257, 'ustar\x0000');
    header.fill(0x20, 148, 156);
    put(148, `${header.reduce((sum, byte) => sum + byte, 0).toString(8).padStart(6, '0')}\0 `);
    parts.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  return Buffer.concat(parts);
}

let root: string;
let server: Server;
let baseUrl: string;

function write(path: string, content: string | Uint8Array): string {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
  return full;
}

function sourcesFile(path: string, content: unknown): string {
  return write(path, typeof content === 'string' ? content : JSON.stringify(content));
}

const ut1Tarball = tarball({
  'blacklists/adult/domains': 'tar-adult.example\n10.0.0.1\n',
  'blacklists/adult/urls': 'tar-adult-host.example/page\n',
  'blacklists/adult/usage': 'black\n',
  'blacklists/social_networks/domains': 'tar-social.example\n',
  'blacklists/press/domains': 'news.example\n',
});

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'import-sources-'));
  server = createServer((request, response) => {
    if (request.url === '/hosts.txt') return response.end('0.0.0.0 http-adult.example\n# comment\n1.2.3.4 redirected.example\n');
    if (request.url === '/ut1.tgz') return response.end(gzipSync(ut1Tarball));
    response.statusCode = 404;
    response.end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('importSources', () => {
  let result: ImportResult;
  let files: Record<string, string>;

  beforeAll(async () => {
    files = {
      ai: write('main/lists/ai.txt', '\uFEFF# AI tools\r\nOpenAI.com\r\nchat.openai.com\r\nbücher.example\r\n8.8.8.8\r\n'),
      hostsA: write('main/lists/hosts/a.txt', '127.0.0.1 localhost\n0.0.0.0 dir-a.example\n'),
      hostsB: write('main/lists/hosts/b.txt', '0.0.0.0 dir-b.example www.dir-b.example\nnot-hosts.example\n'),
      adblock: write('main/lists/games.adblock', '[Adblock Plus 2.0]\n! Title\n||games.example^$third-party\n||games.example/path^\n'),
      urls: write('main/lists/iwf.txt', 'http://host.example/abuse/1.jpg\nhttps://host.example/abuse/2.jpg#x\nwhole.example/\n'),
      flatAdult: write('ut1flat/adult.urls', 'flat-adult.example/gallery\n'),
      flatGambling: write('ut1flat/gambling.domains', 'casino.example\nsub.casino.example\n'),
      flatLingerie: write('ut1flat/lingerie.domains', 'lingerie.example\n'),
      flatUsage: write('ut1flat/adult.usage', 'black\n'),
      tarball: write('archives/ut1.tar.gz', gzipSync(ut1Tarball)),
      neverBlock: write('main/lists/never-block.txt', 'classroom.google.com\nschool.example\nlearn.parent.example\n'),
      dirNested: write('main/lists/hosts/nested/ignored.txt', '0.0.0.0 nested.example\n'),
    };
    const main = sourcesFile('main/sources.json', {
      $comment: 'test sources',
      sources: [
        { category: 'ai', format: 'domains', from: 'lists/ai.txt' },
        { category: 'adult', format: 'hosts', from: 'lists/hosts' },
        { category: 'games', format: 'adblock', from: 'lists/games.adblock' },
        { category: 'illegal', format: 'urls', from: 'lists/iwf.txt' },
        { format: 'ut1', from: '../ut1flat', map: { lingerie: 'adult' } },
        { category: 'adult', format: 'hosts', from: `${baseUrl}/hosts.txt` },
        { category: 'social', format: 'domains', from: 'lists/absent.txt', optional: true },
      ],
      neverBlock: [{ format: 'domains', from: 'lists/never-block.txt' }],
    });
    const local = sourcesFile('local/sources.local.json', {
      sources: [
        { format: 'ut1', from: '../archives/ut1.tar.gz', only: ['adult'] },
        { format: 'ut1', from: `${baseUrl}/ut1.tgz`, only: ['social'] },
        { category: 'ai', format: 'domains', from: 'google.txt' },
      ],
    });
    write('local/google.txt', 'google.com\nparent.example\nschool.example\n');
    result = await importSources([main, local]);
  });

  it('reads every format from files, directories, UT1 trees, tarballs and URLs', () => {
    expect(result.categories.ai.domains).toEqual(['openai.com', 'parent.example', 'xn--bcher-kva.example']);
    expect(result.categories.adult.domains).toEqual(['dir-a.example', 'dir-b.example', 'http-adult.example', 'lingerie.example', 'tar-adult.example']);
    expect(result.categories.adult.urls).toEqual([
      { host: 'flat-adult.example', path: '/gallery' },
      { host: 'tar-adult-host.example', path: '/page' },
    ]);
    expect(result.categories.games.domains).toEqual(['games.example']);
    expect(result.categories.gambling.domains).toEqual(['casino.example']);
    expect(result.categories.social.domains).toEqual(['tar-social.example']);
    expect(result.categories.illegal).toEqual({
      domains: ['whole.example'],
      urls: [
        { host: 'host.example', path: '/abuse/1.jpg' },
        { host: 'host.example', path: '/abuse/2.jpg' },
      ],
    });
    expect(result.categories.streaming).toEqual({ domains: [], urls: [] });
  });

  it('reports problems with a readable file and the exact line', () => {
    const tar = join(root, 'archives/ut1.tar.gz');
    expect(result.problems.map((p) => [p.file, p.line, p.reason])).toEqual([
      [files.ai, 5, 'IP addresses cannot be filtered by name'],
      [files.hostsB, 2, 'not a hosts line: the first word should be an address such as 0.0.0.0'],
      [files.adblock, 4, 'rules with a path are not supported; only whole-domain rules are'],
      [`${baseUrl}/hosts.txt`, 3, 'points names at 1.2.3.4 rather than blocking them (blocking lines use 0.0.0.0, 127.0.0.1, :: or ::1)'],
      [`${tar}:blacklists/adult/domains`, 2, 'IP addresses cannot be filtered by name'],
    ]);
  });

  it('applies never-block: removes what falls under it and notes what shadows it', () => {
    expect(result.neverBlock).toEqual(['classroom.google.com', 'learn.parent.example', 'school.example']);
    expect(result.neverBlockRemovals).toEqual([{ category: 'ai', domain: 'school.example', neverBlock: 'school.example' }]);
    expect(result.notes).toContain('ai: parent.example covers never-block learn.parent.example; kept, and the runtime allow rule keeps learn.parent.example reachable');
  });

  it('refuses an entry that would block a critical endpoint, with its file, line and reason', () => {
    expect(result.refused).toEqual([
      {
        file: join(root, 'local/google.txt'),
        line: 1,
        text: 'google.com',
        category: 'ai',
        rule: 'critical-endpoint',
        reason: expect.stringMatching(/^would block Google search result link \(https:\/\/www\.google\.com\/url\?q=.*\), which schools share: /),
      },
    ]);
  });

  it('notes optional sources that are missing and UT1 categories it ignored', () => {
    const main = join(root, 'main/sources.json');
    const local = join(root, 'local/sources.local.json');
    expect(result.notes).toEqual([
      `${main}: sources[6]: optional source lists/absent.txt skipped (not found: ${join(root, 'main/lists/absent.txt')})`,
      `${local}: sources[0]: ignored 2 UT1 categories: press, social_networks`,
      `${local}: sources[1]: ignored 2 UT1 categories: adult, press`,
      'ai: parent.example covers never-block learn.parent.example; kept, and the runtime allow rule keeps learn.parent.example reachable',
    ]);
  });

  it('counts where every line went', () => {
    expect(result.stats.ai).toEqual({
      ...emptyStats(),
      linesRead: 8, // 5 in ai.txt, 3 in google.txt
      acceptedDomains: 5,
      rejected: 1,
      refused: 1,
      subdomainsPruned: 1,
      removedByNeverBlock: 1,
      finalDomains: 3,
    });
    expect(result.stats.gambling).toMatchObject({ linesRead: 2, acceptedDomains: 2, subdomainsPruned: 1, finalDomains: 1 });
    expect(result.stats.illegal).toMatchObject({ acceptedDomains: 1, acceptedUrls: 2, finalUrls: 2 });
    expect(Object.keys(result.stats)).toEqual([...CATEGORY_IDS]);
  });
});

describe('importSources errors', () => {
  it('names the sources file and entry of a missing source', async () => {
    const file = sourcesFile('errors/missing.json', { sources: [{ category: 'ai', format: 'domains', from: 'ok.txt' }, { category: 'ai', format: 'domains', from: 'nope.txt' }] });
    write('errors/ok.txt', 'ok.example\n');
    await expect(importSources([file])).rejects.toThrow(`${file}: sources[1]: source nope.txt is missing (not found: ${join(root, 'errors/nope.txt')})`);
  });

  it('treats an unreachable URL as missing', async () => {
    const file = sourcesFile('errors/http.json', { sources: [{ category: 'ai', format: 'domains', from: `${baseUrl}/gone.txt` }] });
    await expect(importSources([file])).rejects.toThrow(`${file}: sources[0]: source ${baseUrl}/gone.txt is missing (HTTP 404 Not Found)`);
    const optional = sourcesFile('errors/http-optional.json', { neverBlock: [{ format: 'domains', from: `${baseUrl}/gone.txt`, optional: true }] });
    expect((await importSources([optional])).notes).toEqual([`${optional}: neverBlock[0]: optional source ${baseUrl}/gone.txt skipped (HTTP 404 Not Found)`]);
  });

  it('rejects a UT1 source with no UT1 lists in it', async () => {
    write('errors/not-ut1/readme.txt', 'hello');
    const file = sourcesFile('errors/not-ut1.json', { sources: [{ format: 'ut1', from: 'not-ut1' }] });
    await expect(importSources([file])).rejects.toThrow(`${file}: sources[0]: no UT1 lists (<category>/domains, <category>.urls, ...) in not-ut1`);
  });

  it('explains an invalid sources file with the path of each bad field', async () => {
    const file = sourcesFile('errors/invalid.json', {
      sources: [{ category: 'porn', format: 'domains', from: 'a.txt' }, { format: 'ut1', from: 'x', map: { adult: 'nsfw' } }, { category: 'ai', format: 'csv', from: 'b.txt' }],
      neverBlock: [{ format: 'urls', from: 'c.txt' }],
      extra: true,
    });
    const error = await importSources([file]).catch((caught: Error) => caught.message);
    expect(error).toContain(`${file}: invalid sources file:`);
    expect(error).toContain('  sources[0].category: Invalid option');
    expect(error).toContain('  sources[1].map.adult: Invalid option');
    expect(error).toContain('  sources[2].format: Invalid discriminator value');
    expect(error).toContain('  neverBlock[0].format: Invalid option');
    expect(error).toContain('  (root): Unrecognized key: "extra"');
  });

  it('explains a sources file that is not JSON or not there', async () => {
    const file = sourcesFile('errors/broken.json', '{ "sources": [ }');
    await expect(importSources([file])).rejects.toThrow(`${file}: not valid JSON:`);
    await expect(importSources([join(root, 'errors/none.json')])).rejects.toThrow(`${join(root, 'errors/none.json')}: cannot read the sources file (ENOENT)`);
  });
});

describe('readableName', () => {
  it('is relative inside the working directory and absolute outside it', () => {
    expect(readableName(join(process.cwd(), 'rules', 'lists', 'ai.txt'))).toBe(join('rules', 'lists', 'ai.txt'));
    expect(readableName('/elsewhere/list.txt')).toBe('/elsewhere/list.txt');
  });
});

function perCategory<T>(make: () => T): Record<CategoryId, T> {
  return Object.fromEntries(CATEGORY_IDS.map((id) => [id, make()])) as Record<CategoryId, T>;
}

describe('formatReport', () => {
  it('prints the stats table, then problems cut per file, removals and notes', () => {
    const stats = perCategory(emptyStats);
    stats.adult = { ...emptyStats(), linesRead: 1200, acceptedDomains: 1000, rejected: 25, finalDomains: 990 };
    const result: ImportResult = {
      categories: perCategory((): CategoryList => ({ domains: [], urls: [] })),
      neverBlock: [],
      problems: [
        ...Array.from({ length: 25 }, (_, i) => ({ file: 'big.txt', line: i + 1, text: `bad${i}`, reason: 'not a valid domain name' })),
        { file: 'small.txt', line: 3, text: '1.2.3.4', reason: 'IP addresses cannot be filtered by name' },
      ],
      refused: [],
      neverBlockRemovals: [{ category: 'adult', domain: 'kooth.com', neverBlock: 'kooth.com' }],
      notes: ['a note'],
      stats,
    };
    const lines = formatReport(result);
    expect(lines[0]).toBe('Import:');
    expect(lines[1]).toMatch(/^category\s+lines\s+domains\s+urls\s+rejected\s+refused\s+duplicate\s+pruned\s+url-covered\s+never-block\s+final domains\s+final urls$/);
    expect(lines.find((line) => line.startsWith('adult'))).toMatch(/^adult\s+1200\s+1000\s+0\s+25\s+0\s+0\s+0\s+0\s+0\s+990\s+0$/);
    expect(lines.find((line) => line.startsWith('total'))).toMatch(/^total\s+1200\s+1000\s+0\s+25\s/);
    const problems = lines.slice(lines.indexOf('Problems (26):'));
    expect(problems[1]).toBe('  big.txt:1: not a valid domain name: bad0');
    expect(problems[20]).toBe('  big.txt:20: not a valid domain name: bad19');
    expect(problems[21]).toBe('  ... and 5 more in big.txt');
    expect(problems[22]).toBe('  small.txt:3: IP addresses cannot be filtered by name: 1.2.3.4');
    expect(lines.slice(-4)).toEqual(['Removed by never-block (1):', '  adult: kooth.com (never-block kooth.com)', 'Notes (1):', '  a note']);
  });
});
