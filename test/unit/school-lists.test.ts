/**
 * The school lists' pure parts: what an entry may name, who gets it, what a
 * device accepts from the endpoint, what is in force when, the locked
 * screen, and the rules: bands, packing and Chrome's dynamic-rule limits
 * with 50,000 entries.
 */
import { describe, expect, it } from 'vitest';
import { bandOf, HIGHEST_PRIORITY, RULE_ID, RULE_PRIORITY } from '../../src/filter/bands';
import { CHROME_LIMITS, dynamicRuleCounts, dynamicRuleProblems } from '../../src/filter/limits';
import { type LessonAllow, planRules } from '../../src/filter/plan';
import { schoolListRules } from '../../src/filter/rules/school-list-rules';
import { DEFAULT_ACTIONS, DEFAULT_SAFE_SEARCH } from '../../src/policy/defaults';
import { describeAudience, type ListAudience, listApplies, readerKey } from '../../src/school-lists/audience';
import {
  type HeldSchoolList,
  heldListsOf,
  listCovers,
  listsForReader,
  listsInForce,
  nextListEnd,
  NO_SCHOOL_LISTS,
  readerOf,
  ruleInputOf,
  type SchoolListRuleInput,
} from '../../src/school-lists/device-lists';
import { listingWords, type SiteFacts, siteListings } from '../../src/filter/site-listings';
import { listLimitProblems } from '../../src/school-lists/limits';
import { schoolListAddSchema, schoolListsPath, schoolListsReplySchema } from '../../src/school-lists/model';
import { screenSchoolAllows, type ScreenList } from '../../src/school-lists/screen';
import { parseListTarget } from '../../src/school-lists/target';

const extensionId = 'abcdefghijklmnopabcdefghijklmnop';
const now = Date.parse('2026-03-02T10:00:00Z');

describe('what an entry may name', () => {
  it.each([
    ['example.com', 'example.com', 'domain'],
    ['  Example.COM. ', 'example.com', 'domain'],
    ['https://www.example.com/', 'www.example.com', 'domain'],
    ['http://example.com', 'example.com', 'domain'],
    ['https://example.com/page?x=1#top', 'example.com/page?x=1', 'path'],
    ['example.com/a b', null, null],
    ['example.com/caf\u00e9', 'example.com/caf%C3%A9', 'path'],
    ['bücher.example', 'xn--bcher-kva.example', 'domain'],
    ['10.0.0.1', null, null],
    ['ftp://example.com/file', null, null],
    ['example.com/ads*', null, null],
    ['*.example.com', null, null],
    ['', null, null],
  ])('%j → %j', (input, text, kind) => {
    const result = parseListTarget(input);
    if (text === null) {
      expect(result.ok).toBe(false);
      return;
    }
    expect(result).toMatchObject({ ok: true, text, target: { kind } });
    // What the endpoint stores reads back the same on the device.
    expect(parseListTarget(text)).toMatchObject({ ok: true, text });
  });

  it('a dashboard add normalises, de-duplicates and names each refused site', () => {
    const parsed = schoolListAddSchema.safeParse({
      action: 'block',
      targets: ['Bad.example', 'https://bad.example/', 'bad.example/page'],
      audience: { scope: 'year-groups', yearGroups: ['Y9', 'Y7'] },
      reason: 'Reported by a pupil',
    });
    expect(parsed.success && parsed.data).toMatchObject({
      targets: ['bad.example', 'bad.example/page'],
      audience: { scope: 'year-groups', yearGroups: ['Y7', 'Y9'] },
      endsAt: null,
      reportId: null,
      resolveReport: false,
    });
    const refused = schoolListAddSchema.safeParse({ action: 'allow', targets: ['ok.example', '192.168.0.1'], audience: { scope: 'pupils' }, reason: 'Needed' });
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.error?.issues)).toContain('192.168.0.1');
  });
});

describe('who gets an entry', () => {
  const staff = { role: 'staff' as const, yearGroup: null };
  const y9 = { role: 'pupil' as const, yearGroup: 'Y9' as const };
  const y3 = { role: 'pupil' as const, yearGroup: 'Y3' as const };
  const unknown = { role: 'pupil' as const, yearGroup: null };
  const audiences: [string, ListAudience][] = [
    ['everyone', { scope: 'everyone' }],
    ['pupils', { scope: 'pupils' }],
    ['KS3', { scope: 'key-stages', keyStages: ['KS3'] }],
    ['Y3', { scope: 'year-groups', yearGroups: ['Y3'] }],
  ];
  // [audience, staff, Y9, Y3, unknown year group] for a block, then for an allow.
  const expected: Record<string, { block: boolean[]; allow: boolean[] }> = {
    everyone: { block: [true, true, true, true], allow: [true, true, true, true] },
    pupils: { block: [false, true, true, true], allow: [false, true, true, true] },
    KS3: { block: [false, true, false, true], allow: [false, true, false, false] },
    Y3: { block: [false, false, true, true], allow: [false, false, true, false] },
  };
  it.each(audiences)('%s', (name, audience) => {
    for (const action of ['block', 'allow'] as const) {
      expect([staff, y9, y3, unknown].map((reader) => listApplies(audience, action, reader)), `${name} ${action}`).toEqual(expected[name]![action]);
    }
  });

  it('asks by role and year group; staff and unknown year groups send none', () => {
    expect(schoolListsPath(y9)).toBe('/v1/school-lists?role=pupil&yearGroup=Y9');
    expect(schoolListsPath(unknown)).toBe('/v1/school-lists?role=pupil');
    expect(schoolListsPath({ role: 'staff', yearGroup: 'Y9' })).toBe('/v1/school-lists?role=staff');
    expect(new Set([staff, y9, y3, unknown].map(readerKey)).size).toBe(4);
    expect(describeAudience({ scope: 'key-stages', keyStages: ['KS3', 'KS4'] })).toBe('KS3, KS4');
  });
});

describe("the device reads the endpoint's reply", () => {
  const reply = {
    version: 'v1',
    lists: [
      { action: 'block', endsAt: null, domains: ['bad.example'], paths: ['ok.example/bad-page'] },
      { action: 'allow', endsAt: '2026-03-02T11:00:00.000Z', domains: ['wiki.example'], paths: [] },
    ],
  };

  it('accepts what the endpoint writes', () => {
    const parsed = schoolListsReplySchema.parse(reply);
    expect(heldListsOf(parsed)).toEqual([
      { action: 'block', endsAt: null, domains: ['bad.example'], paths: ['ok.example/bad-page'] },
      { action: 'allow', endsAt: Date.parse('2026-03-02T11:00:00Z'), domains: ['wiki.example'], paths: [] },
    ]);
  });

  it.each([
    ['an unknown action', { ...reply, lists: [{ ...reply.lists[0], action: 'open' }] }],
    ['a domain not as the endpoint stores it', { ...reply, lists: [{ ...reply.lists[0], domains: ['BAD.example'] }] }],
    ['an IP address', { ...reply, lists: [{ ...reply.lists[0], domains: ['10.0.0.1'] }] }],
    ['a path with a wildcard', { ...reply, lists: [{ ...reply.lists[0], paths: ['ok.example/*'] }] }],
    ['no version', { lists: reply.lists }],
    ['a list that is not an array', { version: 'v', lists: {} }],
    ['more path blocks than Chrome can hold', { version: 'v', lists: [{ action: 'block', endsAt: null, domains: [], paths: Array.from({ length: 2_001 }, (_, i) => `ok.example/p${i}`) }] }],
    ['more entries than the lists hold', { version: 'v', lists: [{ action: 'block', endsAt: null, domains: Array.from({ length: 50_001 }, (_, i) => `d${i}.example`), paths: [] }] }],
  ])('refuses %s whole', (_name, bad) => {
    expect(schoolListsReplySchema.safeParse(bad).success).toBe(false);
  });

  it('says which limit, in words the IT Lead can act on', () => {
    expect(listLimitProblems({ blockDomains: 49_000, blockPaths: 2_001, allowDomains: 0, allowPaths: 0 })).toEqual([
      expect.stringMatching(/^the block list would hold 2,001 single addresses; it holds at most 2,000/),
      expect.stringMatching(/^the school lists would hold 51,001 entries; they hold at most 50,000/),
    ].reverse());
    expect(listLimitProblems({ blockDomains: 48_000, blockPaths: 2_000, allowDomains: 0, allowPaths: 0 })).toEqual([]);
  });
});

describe('in force on the device', () => {
  const lists: HeldSchoolList[] = [
    { action: 'block', endsAt: null, domains: ['b.example', 'a.example'], paths: [] },
    { action: 'block', endsAt: now + 60_000, domains: ['a.example', 'soon.example'], paths: ['ok.example/x'] },
    { action: 'allow', endsAt: now - 1, domains: ['over.example'], paths: [] },
    { action: 'allow', endsAt: now + 120_000, domains: ['wiki.example'], paths: ['docs.example/page'] },
  ];

  it('merges by action; an entry past its end has stopped, on the device clock alone', () => {
    expect(ruleInputOf(lists, now)).toEqual({
      blockDomains: ['a.example', 'b.example', 'soon.example'],
      blockPaths: [{ host: 'ok.example', path: '/x' }],
      allowDomains: ['wiki.example'],
      allowPaths: [{ host: 'docs.example', path: '/page' }],
      allowExcluded: [],
    });
    expect(ruleInputOf(lists, now + 60_000).blockDomains).toEqual(['a.example', 'b.example']);
    expect(listsInForce(lists, now + 120_000)).toHaveLength(1);
  });

  it('wakes for the next end still to come', () => {
    expect(nextListEnd(lists, now)).toBe(now + 60_000);
    expect(nextListEnd(lists, now + 60_000)).toBe(now + 120_000);
    expect(nextListEnd(lists, now + 120_000)).toBeNull();
  });

  it('tells which list covers an address, as Chrome matches it', () => {
    const input = ruleInputOf(lists, now);
    expect(listCovers(input, 'block', 'https://www.a.example/any')).toBe(true);
    expect(listCovers(input, 'block', 'https://ok.example/x/more?y')).toBe(true);
    expect(listCovers(input, 'block', 'https://ok.example/y')).toBe(false);
    expect(listCovers(input, 'allow', 'https://docs.example/page')).toBe(true);
    expect(listCovers(input, 'allow', 'https://over.example/')).toBe(false);
    expect(listCovers({ ...input, allowExcluded: ['adult.wiki.example'] }, 'allow', 'https://adult.wiki.example/')).toBe(false);
    expect(listCovers(input, 'block', 'not a url')).toBe(false);
  });
});

describe('locked categories on the device', () => {
  function list(category: string, domains: string[]): ScreenList {
    const set = new Set(domains);
    return {
      category,
      covering: (host) => {
        for (let candidate = host; ; candidate = candidate.slice(candidate.indexOf('.') + 1)) {
          if (set.has(candidate)) return candidate;
          if (!candidate.includes('.')) return undefined;
        }
      },
      under: (domain) => domains.filter((d) => d.endsWith(`.${domain}`)),
      listed: () => set,
    };
  }
  const adult = list('adult', ['adult.example', 'nsfw.blogs.example', 'deep.x.wiki.example']);

  it('drops allowed domains and addresses a locked list names, and keeps locked subdomains of the rest shut', () => {
    const input: SchoolListRuleInput = {
      ...NO_SCHOOL_LISTS,
      allowDomains: ['adult.example', 'blogs.example', 'wiki.example', 'www.adult.example'],
      allowPaths: [{ host: 'adult.example', path: '/gallery' }, { host: 'x.wiki.example', path: '/p' }],
    };
    const screened = screenSchoolAllows(input, [adult]);
    expect(screened.refused).toEqual([
      { target: 'adult.example', category: 'adult' },
      { target: 'www.adult.example', category: 'adult' },
      { target: 'adult.example/gallery', category: 'adult' },
    ]);
    expect(screened.input.allowDomains).toEqual(['blogs.example', 'wiki.example']);
    expect(screened.input.allowPaths).toEqual([{ host: 'x.wiki.example', path: '/p' }]);
    expect(screened.input.allowExcluded).toEqual(['deep.x.wiki.example', 'nsfw.blogs.example']);
    // Blocks are never screened: a school may block what it likes.
    expect(screenSchoolAllows({ ...NO_SCHOOL_LISTS, blockDomains: ['adult.example'] }, [adult]).input.blockDomains).toEqual(['adult.example']);
  });

  it('the allow rules carry the exclusions', () => {
    const screened = screenSchoolAllows({ ...NO_SCHOOL_LISTS, allowDomains: ['blogs.example'], allowPaths: [{ host: 'x.wiki.example', path: '/p' }] }, [adult]);
    const rules = schoolListRules(screened.input, extensionId);
    expect(rules.map((rule) => rule.condition.excludedRequestDomains)).toEqual([['deep.x.wiki.example', 'nsfw.blogs.example'], ['deep.x.wiki.example']]);
  });
});

/** A worst case: the policy's own lists, safe search all on, 1,000 lesson allowlists, and 50,000 school entries at the address limits. */
function fiftyThousandEntries(): SchoolListRuleInput {
  const blockPaths = Array.from({ length: 2_000 }, (_, i) => ({ host: `paths${i % 50}.example`, path: `/page-${i}` }));
  const allowPaths = Array.from({ length: 2_000 }, (_, i) => ({ host: `open${i % 50}.example`, path: `/topic-${i}` }));
  const blockDomains = Array.from({ length: 30_000 }, (_, i) => `blocked-${i}.example`);
  const allowDomains = Array.from({ length: 16_000 }, (_, i) => `allowed-${i}.example`);
  return { blockDomains, blockPaths, allowDomains, allowPaths, allowExcluded: [] };
}

describe('rules and Chrome’s dynamic limits', () => {
  const input = fiftyThousandEntries();

  it('packs 50,000 entries into 4,002 rules: one per domain list, one per address', () => {
    expect(input.blockDomains.length + input.blockPaths.length + input.allowDomains.length + input.allowPaths.length).toBe(50_000);
    const rules = schoolListRules(input, extensionId);
    expect(rules).toHaveLength(4_002);
    expect(rules.filter((rule) => rule.condition.requestDomains)).toHaveLength(2);
    expect(rules.find((rule) => rule.id === RULE_ID.schoolListBlock.min)?.condition.requestDomains).toHaveLength(30_000);
    expect(rules.find((rule) => rule.id === RULE_ID.schoolListAllow.min)?.condition.requestDomains).toHaveLength(16_000);
    expect(dynamicRuleCounts(rules)).toEqual({ rules: 4_002, unsafe: 2_001, regex: 1 });
  });

  it('with everything else a device can hold, stays inside what Chrome guarantees', () => {
    const lessonAllows: LessonAllow[] = Array.from({ length: 1_000 }, (_, i) => ({ id: `lesson-${String(i).padStart(4, '0')}`, domains: [`l${i}.example`], expiresAt: now + 60_000 }));
    const plan = planRules({
      profile: {
        actions: DEFAULT_ACTIONS.KS3,
        allowDomains: ['allowed.example'],
        blockDomains: ['blocked.example'],
        approvedAiTools: ['tool.example'],
        safeSearch: { ...DEFAULT_SAFE_SEARCH.primary, google: true, bing: true, duckduckgo: true },
      },
      availableRulesets: new Set(),
      extensionId,
      lessonAllows,
      schoolLists: input,
      now,
    });
    const counts = dynamicRuleCounts(plan.dynamicRules);
    // 5,008 as counted for the school lists, plus primary's YouTube block (one redirect, regex to carry the address).
    expect(counts.rules).toBe(5_009);
    expect(counts.unsafe).toBe(2_007);
    expect(counts.regex).toBe(3);
    expect(counts.rules).toBeLessThanOrEqual(CHROME_LIMITS.dynamicRules);
    expect(counts.unsafe).toBeLessThanOrEqual(CHROME_LIMITS.unsafeDynamicRules);
    expect(dynamicRuleProblems(plan.dynamicRules)).toEqual([]);
    expect(new Set(plan.dynamicRules.map((rule) => rule.id)).size).toBe(plan.dynamicRules.length);
  });

  it('never drops rules past its ids quietly: it refuses', () => {
    const tooMany = { ...NO_SCHOOL_LISTS, blockPaths: Array.from({ length: 3_000 }, (_, i) => ({ host: 'x.example', path: `/p${i}` })) };
    expect(() => schoolListRules(tooMany, extensionId)).toThrow(/block list needs 3000 rules/);
  });

  it('says when a plan passes a limit', () => {
    const redirects = Array.from({ length: 5_001 }, (_, i) => ({ id: i + 1, priority: 1, action: { type: 'redirect' }, condition: {} })) as chrome.declarativeNetRequest.Rule[];
    expect(dynamicRuleProblems(redirects)).toEqual(['5001 redirect or header rules; Chrome allows 5000']);
  });

  it('every school rule sits in its band and id range: blocks above every allow and safe search, below the policy block and illegal', () => {
    const rules = schoolListRules(input, extensionId);
    for (const rule of rules) {
      const block = rule.action.type === 'redirect';
      expect(bandOf(rule.priority!), `rule ${rule.id}`).toBe(block ? 'highest' : 'adminAllow');
      const range = block ? RULE_ID.schoolListBlock : RULE_ID.schoolListAllow;
      expect(rule.id).toBeGreaterThanOrEqual(range.min);
      expect(rule.id).toBeLessThanOrEqual(range.max);
    }
    expect(HIGHEST_PRIORITY.schoolListBlock).toBeGreaterThan(RULE_PRIORITY.safeSearch);
    expect(HIGHEST_PRIORITY.schoolListBlock).toBeGreaterThan(RULE_PRIORITY.lessonAllow);
    expect(HIGHEST_PRIORITY.schoolListBlock).toBeLessThan(HIGHEST_PRIORITY.adminBlock);
    expect(HIGHEST_PRIORITY.adminBlock).toBeLessThan(HIGHEST_PRIORITY.illegal);
    expect(RULE_PRIORITY.schoolListAllow).toBe(RULE_PRIORITY.adminAllow);
    // Id ranges never overlap another source's.
    const ranges = Object.values(RULE_ID).sort((a, b) => a.min - b.min);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.min).toBeGreaterThan(ranges[i - 1]!.max);
  });

  it('a block goes to the block page with the reason school-list and the address in the fragment', () => {
    const [domainRule, pathRule] = schoolListRules({ ...NO_SCHOOL_LISTS, blockDomains: ['bad.example'], blockPaths: [{ host: 'ok.example', path: '/bad' }] }, extensionId);
    expect(domainRule?.action.redirect?.regexSubstitution).toBe(`chrome-extension://${extensionId}/src/pages/blocked.html?category=school-list#\\0`);
    expect(pathRule?.action.redirect?.extensionPath).toBe('/src/pages/blocked.html?category=school-list#https://ok.example/bad');
    expect(schoolListRules(NO_SCHOOL_LISTS, extensionId)).toEqual([]);
  });
});

describe('a copy held for another reader', () => {
  const lists: HeldSchoolList[] = [
    { action: 'block', endsAt: null, domains: ['b.example'], paths: [] },
    { action: 'allow', endsAt: null, domains: ['a.example'], paths: [] },
  ];

  it('applies whole for the reader it was fetched for', () => {
    expect(listsForReader(lists, 'pupil-Y9', { role: 'pupil', yearGroup: 'Y9' })).toEqual(lists);
    expect(readerOf({ role: 'staff', yearGroup: 'Y9' })).toEqual({ role: 'staff', yearGroup: null });
  });

  it('keeps only its blocks for anyone else, until the endpoint answers for them', () => {
    for (const profile of [{ role: 'pupil' as const, yearGroup: 'Y3' as const }, { role: 'pupil' as const, yearGroup: null }, { role: 'staff' as const, yearGroup: null }]) {
      expect(listsForReader(lists, 'pupil-Y9', profile)).toEqual([lists[0]]);
    }
    expect(listsForReader(lists, null, { role: 'pupil', yearGroup: 'Y9' })).toEqual([lists[0]]);
  });
});

describe('which list names a site (the status page)', () => {
  const facts: SiteFacts = {
    policyBlock: ['policy-blocked.example'],
    policyAllow: ['policy-allowed.example'],
    schoolLists: { ...NO_SCHOOL_LISTS, blockDomains: ['dashboard-blocked.example', 'policy-blocked.example'], allowDomains: ['games.example'] },
    lessonAllows: [{ id: 'l', domains: ['games.example'], expiresAt: now + 1 }],
    categories: [
      { category: 'games', action: 'warn' },
      { category: 'adult', action: 'block' },
    ],
    neverBlock: false,
    now,
  };

  it('lists every list naming it, the deciding one first, categories last (blocks before warns)', () => {
    expect(siteListings('https://www.games.example/x', facts).map((listing) => listing.list)).toEqual(['lesson-allow', 'dashboard-allow', 'category', 'category']);
    expect(siteListings('https://www.games.example/x', facts).slice(2)).toEqual([
      { list: 'category', category: 'adult', action: 'block' },
      { list: 'category', category: 'games', action: 'warn' },
    ]);
    expect(siteListings('https://policy-blocked.example/', { ...facts, categories: [] }).map((listing) => listing.list)).toEqual(['policy-block', 'dashboard-block']);
    expect(siteListings('https://nothing.example/', { ...facts, categories: [] })).toEqual([]);
  });

  it('tells the two places a school list is changed apart, in words', () => {
    expect(listingWords({ list: 'policy-block' })).toMatch(/^blocked by your school's list: blockDomains in the policy \(Google Admin console\)$/);
    expect(listingWords({ list: 'dashboard-block' })).toMatch(/^blocked by your school's list: the block list on the dashboard/);
    expect(listingWords({ list: 'dashboard-allow' })).toMatch(/^allowed by your school's list: the allow list on the dashboard/);
  });
});
