import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORY_PATH_PRIORITY, CATEGORY_PRIORITY, HIGHEST_PRIORITY, PRIORITY, RULE_ID, RULE_PRIORITY, bandOf } from '../../src/filter/bands';
import { allowedDomains, NEVER_BLOCK_RULESET, type PlanProfile, planRules } from '../../src/filter/plan';
import { DEFAULT_ACTIONS, DEFAULT_SAFE_SEARCH, STRICTEST_ACTIONS } from '../../src/policy/defaults';

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));
const available = new Set<string>(manifest.declarative_net_request.rule_resources.map((r: { id: string }) => r.id));
const extensionId = 'abcdefghijklmnopabcdefghijklmnop';
const now = 1_800_000_000_000;

function profile(overrides: Partial<PlanProfile> = {}): PlanProfile {
  return { actions: DEFAULT_ACTIONS.KS3, allowDomains: [], blockDomains: [], approvedAiTools: [], safeSearch: DEFAULT_SAFE_SEARCH.secondary, ...overrides };
}

const profiles: [string, PlanProfile][] = [
  ...Object.entries(DEFAULT_ACTIONS).map(([name, actions]): [string, PlanProfile] => [
    name,
    profile({ actions, allowDomains: ['allowed.example'], blockDomains: ['blocked.example'], approvedAiTools: ['tool.example'] }),
  ]),
  ['strictest', profile({ actions: STRICTEST_ACTIONS, blockDomains: ['blocked.example'], safeSearch: DEFAULT_SAFE_SEARCH.primary })],
];

/** The band a dynamic rule's id range says it belongs to. */
function bandOfId(id: number): string {
  const ranges: [keyof typeof RULE_ID, string][] = [
    ['adminBlock', 'highest'], ['safeSearch', 'safeSearch'], ['lessonAllow', 'lessonAllow'], ['adminAllow', 'adminAllow'], ['youtubeBlock', 'category'],
  ];
  const found = ranges.find(([range]) => id >= RULE_ID[range].min && id <= RULE_ID[range].max);
  if (!found) throw new Error(`rule id ${id} is in no dynamic id range`);
  return found[1];
}

describe('planRules', () => {
  it.each(profiles)('%s: every dynamic rule sits in its own band and id range', (_name, p) => {
    const plan = planRules({ profile: p, availableRulesets: available, extensionId, now, lessonAllows: [{ id: 'l1', domains: ['lesson.example'], expiresAt: now + 1 }] });
    for (const rule of plan.dynamicRules) expect(bandOf(rule.priority!), `rule ${rule.id}`).toBe(bandOfId(rule.id));
    expect(new Set(plan.dynamicRules.map((r) => r.id)).size).toBe(plan.dynamicRules.length);
    expect(plan.rulesets.has(NEVER_BLOCK_RULESET)).toBe(true);
    expect(plan.rulesets.has('illegal_block')).toBe(true);
  });

  it('orders authority: illegal > admin block > safe search > lesson > admin allow > blocked path > never-block > continue > categories', () => {
    const order = [
      HIGHEST_PRIORITY.illegal,
      HIGHEST_PRIORITY.adminBlock,
      RULE_PRIORITY.safeSearch,
      RULE_PRIORITY.lessonAllow,
      RULE_PRIORITY.adminAllow,
      CATEGORY_PATH_PRIORITY.block,
      RULE_PRIORITY.neverBlock,
      RULE_PRIORITY.warnContinue,
      CATEGORY_PRIORITY.block,
      CATEGORY_PRIORITY.warn,
    ];
    expect([...order].sort((a, b) => b - a)).toEqual(order);
    expect(bandOf(RULE_PRIORITY.neverBlock)).toBe('neverBlock');
    expect(bandOf(CATEGORY_PATH_PRIORITY.block)).toBe('categoryPath');
    expect(bandOf(RULE_PRIORITY.adminAllow)).toBe('adminAllow');
    expect(bandOf(RULE_PRIORITY.warnContinue)).toBe('warnContinue');
    expect(PRIORITY.highest.min).toBeGreaterThan(RULE_PRIORITY.safeSearch);
  });

  it('redirects admin-blocked sites to the block page with the school reason, in one rule for every resource type', () => {
    const plan = planRules({ profile: profile({ blockDomains: ['b.example', 'a.example'] }), availableRulesets: available, extensionId, now });
    const redirect = plan.dynamicRules.find((r) => r.id === RULE_ID.adminBlock.min)!;
    expect(redirect.priority).toBe(HIGHEST_PRIORITY.adminBlock);
    expect(redirect.condition.requestDomains).toEqual(['a.example', 'b.example']);
    expect(redirect.action.redirect?.regexSubstitution).toBe(`chrome-extension://${extensionId}/src/pages/blocked.html?category=school#\\0`);
    expect(redirect.condition.resourceTypes).toEqual(expect.arrayContaining(['main_frame', 'sub_frame', 'image', 'script']));
    expect(plan.dynamicRules.find((r) => r.id === RULE_ID.adminBlock.min + 1)).toBeUndefined();
  });

  it('makes no admin rules for empty lists (an empty requestDomains would match everything)', () => {
    const plan = planRules({ profile: profile({ safeSearch: { google: false, bing: false, duckduckgo: false, youtube: 'off' } }), availableRulesets: available, extensionId, now });
    expect(plan.dynamicRules).toEqual([]);
  });

  it('lets approved AI tools skip a warning but not a year group that blocks AI', () => {
    expect(allowedDomains(profile({ approvedAiTools: ['tool.example'], allowDomains: ['x.example'] }))).toEqual(['tool.example', 'x.example']);
    expect(allowedDomains(profile({ actions: DEFAULT_ACTIONS.KS2, approvedAiTools: ['tool.example'] }))).toEqual([]);
    expect(allowedDomains(profile({ actions: DEFAULT_ACTIONS.staff, approvedAiTools: ['tool.example'] }))).toEqual(['tool.example']);
  });

  it('keeps only lesson allowlists that have not expired', () => {
    const plan = planRules({
      profile: profile({ safeSearch: { google: false, bing: false, duckduckgo: false, youtube: 'off' } }),
      availableRulesets: available,
      extensionId,
      now,
      lessonAllows: [
        { id: 'b', domains: ['live.example'], expiresAt: now + 60_000 },
        { id: 'a', domains: ['over.example'], expiresAt: now },
      ],
    });
    expect(plan.dynamicRules.map((r) => r.condition.requestDomains)).toEqual([['live.example']]);
    expect(plan.dynamicRules[0]!.priority).toBe(RULE_PRIORITY.lessonAllow);
  });

  it('plans safe search per engine and YouTube level', () => {
    const plan = planRules({ profile: profile({ safeSearch: { google: true, bing: false, duckduckgo: true, youtube: 'strict' } }), availableRulesets: available, extensionId, now });
    const params = plan.dynamicRules.flatMap((r) => r.action.redirect?.transform?.queryTransform?.addOrReplaceParams ?? []);
    expect(params).toEqual([{ key: 'safe', value: 'active' }, { key: 'kp', value: '1' }]);
    const header = plan.dynamicRules.find((r) => r.action.type === 'modifyHeaders')!;
    expect(header.action.requestHeaders).toEqual([{ header: 'YouTube-Restrict', operation: 'set', value: 'Strict' }]);
    expect(header.condition.requestDomains).toContain('youtube.com');
  });

  it('blocks YouTube where the policy says block, as a category block that lesson and admin allows open, still in Restricted Mode', () => {
    const plan = planRules({ profile: profile({ safeSearch: DEFAULT_SAFE_SEARCH.primary }), availableRulesets: available, extensionId, now });
    const youtube = plan.dynamicRules.filter((r) => r.id >= RULE_ID.youtubeBlock.min && r.id <= RULE_ID.youtubeBlock.max);
    // One rule: a redirect for every resource type (embeds fail to load, main frames show the block page).
    expect(youtube).toHaveLength(1);
    const [redirect] = youtube;
    expect(redirect!.condition.requestDomains).toEqual(expect.arrayContaining(['youtube.com', 'youtu.be', 'youtube-nocookie.com']));
    expect(redirect!.condition.resourceTypes).toEqual(expect.arrayContaining(['main_frame', 'sub_frame', 'media', 'image']));
    expect(redirect!.action.redirect?.regexSubstitution).toBe(`chrome-extension://${extensionId}/src/pages/blocked.html?category=streaming#\\0`);
    expect(redirect!.priority).toBe(CATEGORY_PRIORITY.block);
    expect(redirect!.priority).toBeLessThan(RULE_PRIORITY.lessonAllow);
    expect(redirect!.priority).toBeLessThan(RULE_PRIORITY.adminAllow);
    const header = plan.dynamicRules.find((r) => r.action.type === 'modifyHeaders')!;
    expect(header.action.requestHeaders).toEqual([{ header: 'YouTube-Restrict', operation: 'set', value: 'Strict' }]);
    // One list of YouTube's hosts for both rules.
    expect(header.condition.requestDomains).toEqual(redirect!.condition.requestDomains);
  });

  it.each(['strict', 'moderate', 'off'] as const)('does not block YouTube when the policy says %s', (youtube) => {
    const plan = planRules({ profile: profile({ safeSearch: { ...DEFAULT_SAFE_SEARCH.secondary, youtube } }), availableRulesets: available, extensionId, now });
    expect(plan.dynamicRules.filter((r) => r.id >= RULE_ID.youtubeBlock.min && r.id <= RULE_ID.youtubeBlock.max)).toEqual([]);
  });
});
