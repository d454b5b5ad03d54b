/**
 * Never break lesson services, on the real lists (scripts/import/real-lists.ts):
 * the build is compiled as `npm run rules` compiles it, and every profile's
 * enabled rulesets and dynamic rules (the plan the worker applies) are
 * evaluated with the pure DNR model (src/filter/dnr-match.ts) against every
 * critical endpoint (rules/critical-endpoints.json) and every education site
 * (rules/lists/education.txt). The e2e test test/e2e/lesson-services.test.ts
 * checks the same in Chromium for two profiles.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCriticalEndpoints } from '../../scripts/import/critical-endpoints-file';
import { importSources } from '../../scripts/import/import-sources';
import { REAL_LISTS_CACHE, realLists, requireRealLists, SHARED_LISTS } from '../../scripts/import/real-lists';
import { type CriticalEndpoint, endpointApplies } from '../../src/filter/critical-endpoints';
import { land, type Landing, RuleIndex } from '../../src/filter/dnr-match';
import type { ImportResult } from '../../src/filter/import/types';
import { planRules } from '../../src/filter/plan';
import { type Identity, type Profile, resolveProfile } from '../../src/policy/profile';
import type { Policy } from '../../src/policy/schema';
import { YEAR_GROUPS } from '../../src/policy/year-groups';
import { extensionIdFromKey } from '../../src/shared/extension-id';

type Rule = chrome.declarativeNetRequest.Rule;
const ROOT = join(import.meta.dirname, '..', '..');
const OUT = join(ROOT, '.tmp', 'lesson-services-rules');
const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
const resources: { id: string; path: string }[] = manifest.declarative_net_request.rule_resources;
const identity: Identity = { email: 'pupil@harness.sch.uk' };
const now = new Date('2026-03-02T10:00:00Z');

/** Every profile the defaults produce: each year group, staff, and the strictest pupil (no year group). */
const PROFILES: [string, Policy][] = [
  ...YEAR_GROUPS.map((yearGroup): [string, Policy] => [yearGroup, { role: 'pupil', yearGroup }]),
  ['staff', { role: 'staff' }],
  ['strictest pupil', { role: 'pupil' }],
];

let extensionId: string;
let rulesets: Map<string, RuleIndex>;
let critical: CriticalEndpoint[];
let imported: ImportResult;

beforeAll(async () => {
  requireRealLists();
  rmSync(OUT, { recursive: true, force: true });
  // Compiled by the build script itself, so this checks what ships.
  const lists = await realLists();
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build-rules.ts'), ...lists.buildArgs, '--out', OUT], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  rulesets = new Map(
    resources.map((resource) => {
      const rules = JSON.parse(readFileSync(join(OUT, resource.path.split('/').pop()!), 'utf8')) as Rule[];
      return [resource.id, new RuleIndex(rules, resource.id)];
    }),
  );
  extensionId = await extensionIdFromKey(manifest.key);
  critical = await loadCriticalEndpoints();
  imported = await importSources(lists.sources);
}, 180_000);

function profileOf(policy: Policy): Profile {
  return resolveProfile(policy, [], identity, now).profile;
}

function indexesFor(profile: Profile): RuleIndex[] {
  const plan = planRules({ profile, availableRulesets: new Set(rulesets.keys()), extensionId, now: now.getTime() });
  return [...[...plan.rulesets].map((id) => rulesets.get(id)!), new RuleIndex(plan.dynamicRules, 'dynamic')];
}

function describeStop(landing: Landing): string {
  const rule = landing.outcome.rule!;
  const what = rule.condition.urlFilter ?? (rule.condition.requestDomains ? `requestDomains (${rule.condition.requestDomains.length})` : JSON.stringify(rule.condition));
  return `stopped by ${landing.outcome.source} rule ${rule.id} ${what}`;
}

describe('the real lists never stop a lesson service, for any profile', () => {
  it.each(PROFILES)('%s: every critical endpoint lands on the site', (_name, policy) => {
    const profile = profileOf(policy);
    const indexes = indexesFor(profile);
    const stopped = critical
      .filter((endpoint) => endpointApplies(endpoint, profile))
      .map((endpoint) => ({ endpoint, landing: land(indexes, { url: endpoint.url, type: endpoint.type }) }))
      .filter(({ landing }) => landing.where !== 'site')
      .map(({ endpoint, landing }) => `${endpoint.service} ${endpoint.url}: ${describeStop(landing)}`);
    expect(stopped).toEqual([]);
  });

  it.each(PROFILES)('%s: every education site opens', (_name, policy) => {
    const indexes = indexesFor(profileOf(policy));
    const stopped = educationDomains()
      .map((domain) => ({ url: `https://${domain}/`, landing: land(indexes, { url: `https://${domain}/`, type: 'main_frame' }) }))
      .filter(({ landing }) => landing.where !== 'site')
      .map(({ url, landing }) => `${url}: ${describeStop(landing)}`);
    expect(stopped).toEqual([]);
  });

  it('checks a real amount: the fixture has the services the issue names, the lists are the full ones', () => {
    const services = critical.map((e) => e.url);
    for (const url of ['https://www.google.com/url?', 'https://www.google.de/url?', 'https://drive.google.com/uc?', 'https://forms.office.com/Pages/ResponsePage.aspx?', 'https://invitations.microsoft.com/redeem/', 'https://notifications.googleapis.com/email/redirect?']) {
      expect(services.some((s) => s.startsWith(url)), url).toBe(true);
    }
    expect(critical.length).toBeGreaterThan(300); // Google's search domains expanded
    expect(educationDomains().length).toBeGreaterThan(100);
    // The rulesets hold the open lists, not just the curated seeds.
    expect(rulesets.get('adult_block')!.size + rulesets.get('malware_block')!.size).toBeGreaterThan(10_000);
  });
});

describe('YouTube on the real lists is decided by policy', () => {
  const youtube = { url: 'https://www.youtube.com/watch?v=aBcDeFgHiJ1', type: 'main_frame' as const };

  it.each(['R', 'Y3', 'Y6'] as const)('a %s pupil is stopped at YouTube, with the streaming words', (yearGroup) => {
    const landing = land(indexesFor(profileOf({ role: 'pupil', yearGroup })), youtube);
    expect(landing.where).toBe('stopped');
    expect(landing.url).toContain('blocked.html?category=streaming');
  });

  it.each(['Y7', 'Y8', 'Y10', 'Y13'] as const)('a %s pupil reaches YouTube in Restricted Mode (moderate), though streaming is listed', (yearGroup) => {
    const landing = land(indexesFor(profileOf({ role: 'pupil', yearGroup })), youtube);
    expect(landing).toMatchObject({ where: 'site', headers: { 'youtube-restrict': 'Moderate' } });
    // Netflix is still streaming, blocked for Key Stage 3.
    if (yearGroup === 'Y7' || yearGroup === 'Y8') expect(land(indexesFor(profileOf({ role: 'pupil', yearGroup })), { url: 'https://www.netflix.com/', type: 'main_frame' }).where).toBe('stopped');
  });

  it('staff reach YouTube unrestricted', () => {
    expect(land(indexesFor(profileOf({ role: 'staff' })), youtube)).toMatchObject({ where: 'site', headers: {} });
  });
});

describe('the importer on the real lists', () => {
  const refusedTexts = () => new Set(imported.refused.map((entry) => entry.text));

  it('refuses the broad path-level entries the issue found, each with its file and line', () => {
    const expected = [
      'google.com/url', 'google.de/url', 'google.co.id/url', 'drive.google.com/uc', 'forms.office.com/pages/responsepage.aspx',
      'invitations.microsoft.com/redeem/', 'notifications.googleapis.com/email/redirect', 'bbc.co.uk/cbbc/games', 'bbc.co.uk/games',
      'childline.org.uk/toolbox/games', 'news.bbc.co.uk/2/hi/health/2549169.stm', 'homeoffice.gov.uk/rds/pdfs/hors197.pdf', 'mail.google.com/mail/channel/bind',
    ];
    const refused = refusedTexts();
    expect(expected.filter((text) => !refused.has(text))).toEqual([]);
    for (const entry of imported.refused) {
      // The default set's files, verified into the real-lists cache, or the project's own lists.
      const file = resolve(ROOT, entry.file);
      expect(file.startsWith(REAL_LISTS_CACHE) || file.startsWith(join(ROOT, 'rules')), file).toBe(true);
      expect(readFileSync(file, 'utf8').split('\n')[entry.line - 1]!.trim()).toBe(entry.text);
    }
    expect(imported.categories.streaming.domains).not.toContain('youtube.com');
  });

  it('keeps every single-document entry on Google Docs (phishing forms and decks stay blocked)', () => {
    // Read independently of the importer: every UT1 malware / phishing line naming one Docs document by its id.
    const documents = ['malware.urls', 'phishing.urls'].flatMap((name) =>
      readFileSync(join(SHARED_LISTS, 'ut1', name), 'utf8')
        .split('\n')
        .map((line) => line.trim().replace(/#.*$/, ''))
        .filter((line) => /^docs\.google\.com\/(document|presentation|spreadsheets|forms|drawings)\/d\/(e\/)?[A-Za-z0-9_-]{20,}/.test(line)),
    );
    expect(documents.length).toBeGreaterThan(400);
    const kept = new Set(imported.categories.malware.urls.map((url) => `${url.host}${url.path}`));
    expect(documents.filter((line) => !kept.has(line))).toEqual([]);
    expect(imported.refused.filter((entry) => entry.text.startsWith('docs.google.com/') && documents.includes(entry.text))).toEqual([]);
  });
});

function educationDomains(): string[] {
  return readFileSync(join(ROOT, 'rules', 'lists', 'education.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '');
}
