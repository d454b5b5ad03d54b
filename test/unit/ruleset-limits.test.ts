/**
 * The repo's own rules, enforced (Refined GitHub's habit): the curated lists,
 * imported and compiled exactly as the build does, stay inside Chrome's
 * limits for every profile the policy can produce, with unique ids and every
 * rule in its priority band.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importSources } from '../../scripts/import/import-sources';
import { bandOf, HIGHEST_PRIORITY, RULE_PRIORITY } from '../../src/filter/bands';
import { BOOTSTRAP_CATEGORIES, BOOTSTRAP_RULESET, compileBootstrap } from '../../src/filter/bootstrap';
import { compileCategoryRuleset } from '../../src/filter/compile-category';
import { CHROME_LIMITS, limitProblems, rulesetSize, worstCaseEnabled } from '../../src/filter/limits';
import { NEVER_BLOCK_RULESET, planRules } from '../../src/filter/plan';
import { domainAllowRule } from '../../src/filter/rules/stop-rules';
import { DEFAULT_ACTIONS, DEFAULT_SAFE_SEARCH, STRICTEST_ACTIONS, type CategoryActions } from '../../src/policy/defaults';
import { ACTIONS, CATEGORY_IDS, isCategoryId } from '../../src/shared/categories';

type Rule = chrome.declarativeNetRequest.Rule;
const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));
const resources: { id: string; path: string }[] = manifest.declarative_net_request.rule_resources;
const extensionId = 'abcdefghijklmnopabcdefghijklmnop';
const compiled = new Map<string, Rule[]>();

beforeAll(async () => {
  const imported = await importSources(['rules/sources.json']);
  expect(imported.problems).toEqual([]);
  for (const resource of resources) {
    if (resource.id === NEVER_BLOCK_RULESET) {
      compiled.set(resource.id, domainAllowRule(1, RULE_PRIORITY.neverBlock, imported.neverBlock));
      continue;
    }
    if (resource.id === BOOTSTRAP_RULESET) {
      compiled.set(resource.id, compileBootstrap(BOOTSTRAP_CATEGORIES.map((category) => ({ category, ...imported.categories[category] })), extensionId));
      continue;
    }
    const [category, action] = resource.id.split('_') as [string, 'block' | 'warn'];
    if (!isCategoryId(category)) throw new Error(`unexpected ruleset ${resource.id}`);
    compiled.set(resource.id, compileCategoryRuleset({ category, action, ...imported.categories[category], extensionId }));
  }
});

/** Every combination matters only per category, so the worst case is each category at its largest action. */
function profilesToCheck(): CategoryActions[] {
  const everyAction = ACTIONS.map((action) => Object.fromEntries(CATEGORY_IDS.map((id) => [id, action])) as CategoryActions);
  return [...Object.values(DEFAULT_ACTIONS), STRICTEST_ACTIONS, ...everyAction];
}

describe('compiled curated rulesets', () => {
  it('have unique rule ids within each ruleset and put every rule in its band', () => {
    for (const [id, rules] of compiled) {
      expect(new Set(rules.map((r) => r.id)).size, id).toBe(rules.length);
      for (const rule of rules) {
        const path = rule.condition.urlFilter !== undefined && id.endsWith('_block');
        if (id === BOOTSTRAP_RULESET) {
          // The bootstrap mixes categories: each rule keeps the band its own category has.
          expect(['highest', 'categoryPath', 'category'], `${id} rule ${rule.id}`).toContain(bandOf(rule.priority!));
          continue;
        }
        const expected = id === NEVER_BLOCK_RULESET ? 'neverBlock' : id === 'illegal_block' ? 'highest' : path ? 'categoryPath' : 'category';
        expect(bandOf(rule.priority!), `${id} rule ${rule.id}`).toBe(expected);
      }
    }
    expect(compiled.get(NEVER_BLOCK_RULESET)![0]!.condition.requestDomains).toContain('childline.org.uk');
  });

  it('stay within every Chrome limit for every profile the policy can produce', () => {
    // The bootstrap is on only until the first plan, which never includes it.
    const sizes = [...compiled].filter(([id]) => id !== NEVER_BLOCK_RULESET && id !== BOOTSTRAP_RULESET).map(([id, rules]) => rulesetSize(id, rules));
    expect(limitProblems(sizes)).toEqual([]);
    expect(resources.length).toBeLessThanOrEqual(CHROME_LIMITS.staticRulesets);
    for (const actions of profilesToCheck()) {
      const plan = planRules({
        profile: { actions, allowDomains: ['a.example'], blockDomains: ['b.example'], approvedAiTools: ['c.example'], safeSearch: DEFAULT_SAFE_SEARCH.primary },
        availableRulesets: new Set(resources.map((r) => r.id)),
        extensionId,
        now: 0,
      });
      const enabled = [...plan.rulesets].map((id) => compiled.get(id)!);
      expect(plan.rulesets.size).toBeLessThanOrEqual(CHROME_LIMITS.enabledRulesets);
      expect(enabled.flat().length).toBeLessThanOrEqual(CHROME_LIMITS.guaranteedStaticRules);
      expect(enabled.flat().filter((r) => r.condition.regexFilter).length).toBeLessThanOrEqual(CHROME_LIMITS.staticRegexRules);
      expect(plan.dynamicRules.length).toBeLessThanOrEqual(CHROME_LIMITS.unsafeDynamicRules);
    }
  });

  it('keep the illegal ruleset empty: the project ships no illegal list', () => {
    expect(compiled.get('illegal_block')).toEqual([]);
    expect(HIGHEST_PRIORITY.illegal).toBeGreaterThan(HIGHEST_PRIORITY.adminBlock);
  });
});

describe('limitProblems', () => {
  it('counts each category once, at its larger ruleset, and names what is over', () => {
    const sizes = [
      { id: 'adult_block', rules: 20_000, regexRules: 1 },
      { id: 'adult_warn', rules: 20_000, regexRules: 1 },
      { id: 'malware_block', rules: 12_000, regexRules: 1 },
    ];
    expect(worstCaseEnabled(sizes)).toEqual({ rulesets: 2, rules: 32_000, regexRules: 2 });
    expect(limitProblems(sizes)).toEqual([expect.stringContaining('could enable 32000 static rules')]);
    expect(limitProblems(sizes.slice(0, 2))).toEqual([]);
  });
});
