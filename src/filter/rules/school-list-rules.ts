/**
 * The school's own lists from the dashboard as dynamic rules (pure), packed
 * the way the static rulesets are (uBlock Origin Lite's habit):
 *
 *   block  ONE redirect rule for every blocked domain (requestDomains), then
 *          one redirect rule per blocked address (`||host/path`), all at
 *          HIGHEST_PRIORITY.schoolListBlock: above categories, never-block,
 *          every allow and safe search, below the policy's blockDomains and
 *          the illegal feed.
 *   allow  ONE allow rule for every allowed domain, its locked subdomains
 *          excluded, then one allow rule per allowed address, at the
 *          policy's allowDomains priority: above categories and their
 *          path-level entries, below every block.
 *
 * So 50,000 domains are two rules; only addresses cost a rule each, which
 * src/school-lists/limits.ts bounds. Rules past a band's ids are never
 * dropped quietly (that would leave a blocked site open): the builder throws,
 * and the device keeps the lists it held (src/background/school-lists/sync.ts).
 */
import type { SchoolListRuleInput } from '../../school-lists/device-lists';
import { HIGHEST_PRIORITY, RULE_ID, RULE_PRIORITY } from '../bands';
import { ALL_RESOURCE_TYPES, domainAllowRule, domainStopRules, type UrlEntry, urlStopRules } from './stop-rules';

type Rule = chrome.declarativeNetRequest.Rule;
type RuleActionType = chrome.declarativeNetRequest.RuleActionType;

function pathAllowRule(id: number, entry: UrlEntry, excluded: readonly string[]): Rule {
  const condition: chrome.declarativeNetRequest.RuleCondition = { urlFilter: `||${entry.host}${entry.path}`, resourceTypes: ALL_RESOURCE_TYPES };
  const below = excluded.filter((domain) => domain.endsWith(`.${entry.host}`));
  if (below.length > 0) condition.excludedRequestDomains = below;
  return { id, priority: RULE_PRIORITY.schoolListAllow, action: { type: 'allow' as RuleActionType }, condition };
}

function checkIds(rules: readonly Rule[], band: { min: number; max: number }, what: string): Rule[] {
  const last = rules.at(-1);
  if (last && last.id > band.max) throw new Error(`the school's ${what} list needs ${rules.length} rules, more than its ${band.max - band.min + 1} rule ids`);
  return [...rules];
}

export function schoolListRules(input: SchoolListRuleInput, extensionId: string): Rule[] {
  const target = { page: 'blocked' as const, reason: 'school-list' as const, extensionId };
  const blockDomainRules = domainStopRules(RULE_ID.schoolListBlock.min, HIGHEST_PRIORITY.schoolListBlock, input.blockDomains, target);
  const block = [
    ...blockDomainRules,
    ...urlStopRules(RULE_ID.schoolListBlock.min + 1, HIGHEST_PRIORITY.schoolListBlock, input.blockPaths, target),
  ];
  const allow = [
    ...domainAllowRule(RULE_ID.schoolListAllow.min, RULE_PRIORITY.schoolListAllow, input.allowDomains, input.allowExcluded),
    ...input.allowPaths.map((entry, index) => pathAllowRule(RULE_ID.schoolListAllow.min + 1 + index, entry, input.allowExcluded)),
  ];
  return [...checkIds(block, RULE_ID.schoolListBlock, 'block'), ...checkIds(allow, RULE_ID.schoolListAllow, 'allow')];
}
