/**
 * The importer's refusals (src/filter/import/screen.ts): entries that would
 * block what schools share. Small made-up fixtures here; the real lists are
 * checked in lesson-services.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { refusalLines } from '../../scripts/import/format-report';
import { importSources } from '../../scripts/import/import-sources';
import { parseCriticalEndpoints } from '../../src/filter/critical-endpoints';
import { makeScreen, namesOneDocument, type NeverBlockKind } from '../../src/filter/import/screen';

const critical = parseCriticalEndpoints(
  {
    hostSets: { google: { domains: ['google.com', 'google.de'] } },
    endpoints: [
      { service: 'Google result link', url: 'https://www.google.com/url?q=https://a.example/&usg=AOvVaw1', alsoAt: 'google', why: 'every result click' },
      { service: 'Drive download', url: 'https://drive.google.com/uc?id=1AbCdEfGhIj&export=download', why: 'every download' },
      { service: 'Forms response', url: 'https://forms.office.com/Pages/ResponsePage.aspx?id=DQSIkWds', why: 'every form' },
      { service: 'YouTube video', url: 'https://www.youtube.com/watch?v=aBcDeFgHiJ1', when: 'youtube-open', why: 'lessons' },
      { service: 'Childline games', url: 'https://www.childline.org.uk/toolbox/games/', why: 'calming games' },
      { service: 'Scratch project', url: 'https://scratch.mit.edu/projects/987654321/', why: 'computing lessons' },
    ],
  },
  'test fixture',
);
const neverBlock = new Map<string, NeverBlockKind>([
  ['bbc.co.uk', 'site'],
  ['childline.org.uk', 'site'],
  ['mail.google.com', 'site'],
  ['docs.google.com', 'user-content'],
  ['drive.google.com', 'user-content'],
  ['sites.google.com', 'user-content'],
  ['office.com', 'user-content'],
  ['scratch.mit.edu', 'user-content'],
]);
const screen = makeScreen({ critical, neverBlock });
const ruleOf = (host: string, path?: string) => screen(path === undefined ? { host } : { host, path })?.rule;

describe('namesOneDocument', () => {
  it.each([
    '/document/d/1Qw2Er3Ty4Ui5Op6As7Df8Gh9Jk0/edit',
    '/forms/d/e/1FAIpQLSf3Xk9Zq2Lm8Np4Rt6Vw0Yb1Cd5/viewform',
    '/view/some-site',
    '/site/unblockedgames',
    '/uc?id=1a2B3c4D5e6F7g8H9i0J&export=download',
    '/watch?v=aBcDeFgHiJk',
    '/689780274',
    '/@somechannel',
  ])('%s names one document', (path) => expect(namesOneDocument(path)).toBe(true));

  it.each(['/uc', '/url', '/url?sa=t', '/games', '/cbbc/', '/forms', '/responsepage.aspx', '/watch', '/view/?usp=sharing'])('%s names none', (path) =>
    expect(namesOneDocument(path)).toBe(false),
  );
});

describe('makeScreen', () => {
  it('refuses any entry that would stop a critical endpoint, on any host and at every host of a set', () => {
    expect(ruleOf('google.com', '/url')).toBe('critical-endpoint');
    expect(ruleOf('google.de', '/url')).toBe('critical-endpoint');
    expect(ruleOf('www.google.com', '/url?q=')).toBe('critical-endpoint');
    expect(ruleOf('drive.google.com', '/uc')).toBe('critical-endpoint');
    // urlFilter is case-insensitive, so the lowercase list entry stops the real address.
    expect(ruleOf('forms.office.com', '/pages/responsepage.aspx')).toBe('critical-endpoint');
    expect(ruleOf('childline.org.uk', '/toolbox/games')).toBe('critical-endpoint');
    expect(screen({ host: 'google.com', path: '/url' })?.reason).toBe(
      `would block Google result link (${critical[0]!.url}), which schools share: every result click`,
    );
    // A whole domain above a critical endpoint stops it too; one beside it does not.
    expect(ruleOf('google.com')).toBe('critical-endpoint');
    expect(ruleOf('google.co.uk')).toBeUndefined();
    // A parent whose critical endpoints never-block keeps reachable is kept: the allow outranks it.
    expect(ruleOf('childline.org.uk', '/toolbox')).toBe('critical-endpoint');
    expect(ruleOf('mit.edu')).toBeUndefined();
    expect(ruleOf('google.com', '/search')).toBeUndefined();
  });

  it('refuses pages and sections of a never-block site: the school trusts it whole', () => {
    expect(ruleOf('bbc.co.uk', '/games')).toBe('never-block-site');
    expect(ruleOf('news.bbc.co.uk', '/2/hi/health/2549169.stm')).toBe('never-block-site');
    expect(ruleOf('mail.google.com', '/mail/channel/bind')).toBe('never-block-site');
    // Domain entries there are left to the cleaner, which removes them as never-block.
    expect(ruleOf('bbc.co.uk')).toBeUndefined();
  });

  it("keeps one document on a never-block host of users' documents, and refuses the service's endpoints", () => {
    expect(ruleOf('docs.google.com', '/forms/d/e/1FAIpQLSfXyZ0123456789abcdef/viewform')).toBeUndefined();
    expect(ruleOf('docs.google.com', '/presentation/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit')).toBeUndefined();
    expect(ruleOf('sites.google.com', '/view/meta-verificarmx')).toBeUndefined();
    expect(ruleOf('drive.google.com', '/uc?id=1ZyXwVuTsRqPoNmLkJi&export=download')).toBeUndefined();
    expect(ruleOf('forms.office.com', '/r/Ab1Cd2Ef3G')).toBeUndefined();
    expect(ruleOf('docs.google.com', '/forms')).toBe('no-document');
    expect(ruleOf('sites.google.com', '/view/')).toBe('no-document');
  });

  it("leaves YouTube's hosts to the policy: whole domains refused, one video kept, the watch page refused", () => {
    expect(ruleOf('youtube.com')).toBe('youtube');
    expect(ruleOf('m.youtube.com')).toBe('youtube');
    expect(ruleOf('googlevideo.com')).toBe('youtube');
    expect(ruleOf('youtube.com', '/watch?v=ZyXwVuTsRq9')).toBeUndefined();
    expect(ruleOf('youtube.com', '/watch')).toBe('critical-endpoint');
    expect(ruleOf('youtube.com', '/feed')).toBe('no-document');
  });

  it('keeps everything else', () => {
    expect(ruleOf('casino.example')).toBeUndefined();
    expect(ruleOf('phish.example', '/login')).toBeUndefined();
    expect(ruleOf('microsoft.com', '/games')).toBeUndefined();
  });
});

describe('importSources refusals', () => {
  const root = mkdtempSync(join(tmpdir(), 'import-screen-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
    return join(root, path);
  };

  it("reads which never-block sources host users' documents, refuses per rule with file and line, and never screens the illegal feed", async () => {
    const fixture = write('critical.json', JSON.stringify({ endpoints: [{ service: 'Drive download', url: 'https://drive.google.com/uc?id=1AbCdEfGhIj', why: 'every download' }] }));
    write('sites.txt', 'bbc.co.uk\n');
    write('documents.txt', 'docs.google.com\ndrive.google.com\n');
    const malware = write('malware.urls', 'drive.google.com/uc\ndocs.google.com/forms/d/e/1FAIpQLSfXyZ0123456789abcdef/viewform\ndocs.google.com/forms\nphish.example/login\n');
    const games = write('games.urls', 'bbc.co.uk/games\nbbc.co.uk/cbbc\n');
    write('illegal.urls', 'drive.google.com/uc\n');
    const sources = write(
      'sources.json',
      JSON.stringify({
        sources: [
          { category: 'malware', format: 'urls', from: 'malware.urls' },
          { category: 'games', format: 'urls', from: 'games.urls' },
          { category: 'illegal', format: 'urls', from: 'illegal.urls' },
        ],
        neverBlock: [
          { format: 'domains', from: 'sites.txt' },
          { format: 'domains', from: 'documents.txt', userContent: true },
        ],
      }),
    );
    const result = await importSources([sources], { criticalEndpoints: fixture });
    expect(result.refused.map((r) => [r.file, r.line, r.category, r.rule, r.text])).toEqual([
      [malware, 1, 'malware', 'critical-endpoint', 'drive.google.com/uc'],
      [malware, 3, 'malware', 'no-document', 'docs.google.com/forms'],
      [games, 1, 'games', 'never-block-site', 'bbc.co.uk/games'],
      [games, 2, 'games', 'never-block-site', 'bbc.co.uk/cbbc'],
    ]);
    expect(result.categories.malware.urls).toEqual([
      { host: 'docs.google.com', path: '/forms/d/e/1FAIpQLSfXyZ0123456789abcdef/viewform' },
      { host: 'phish.example', path: '/login' },
    ]);
    expect(result.categories.games.urls).toEqual([]);
    expect(result.stats.malware).toMatchObject({ acceptedUrls: 2, refused: 2, finalUrls: 2 });
    // Nothing outranks the licensed feed, and its addresses are never printed.
    expect(result.categories.illegal.urls).toEqual([{ host: 'drive.google.com', path: '/uc' }]);
    expect(result.refused.some((r) => r.category === 'illegal')).toBe(false);
  });
});

describe('refusalLines', () => {
  it('prints refusals grouped by rule, each with file, line, category, entry and reason, cut per rule', () => {
    const refused = [
      { file: 'ut1/games.urls', line: 183, text: 'bbc.co.uk/games', category: 'games' as const, rule: 'never-block-site' as const, reason: 'under never-block bbc.co.uk' },
      ...Array.from({ length: 3 }, (_, i) => ({ file: 'ut1/phishing.urls', line: i + 1, text: `google.com/url${i}`, category: 'malware' as const, rule: 'critical-endpoint' as const, reason: 'would block x' })),
    ];
    expect(refusalLines({ refused }, 2)).toEqual([
      'Refused (4): entries that would block what schools share',
      '  would block a critical endpoint (rules/critical-endpoints.json) (3):',
      '    ut1/phishing.urls:1: malware: google.com/url0: would block x',
      '    ut1/phishing.urls:2: malware: google.com/url1: would block x',
      '    ... and 1 more',
      '  a page or section of a never-block site (1):',
      '    ut1/games.urls:183: games: bbc.co.uk/games: under never-block bbc.co.uk',
    ]);
    expect(refusalLines({ refused: [] })).toEqual([]);
  });
});
