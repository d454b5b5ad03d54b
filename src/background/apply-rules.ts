/**
 * Applies a rule plan to Chrome by diff: rulesets first (so a newly blocked
 * category is in force before allows change), then dynamic rules in one
 * atomic update. Writes nothing when nothing changed.
 */
import type { RulePlan } from '../filter/plan';
import { diffDynamicRules, isEmptyDiff } from '../filter/rule-diff';
import { applyRulesets } from './apply-rulesets';

export interface AppliedRules {
  enabledRulesets: string[];
  dynamicRuleCount: number;
  /** How many DNR writes this apply made; 0 when the plan was already in force. */
  writes: number;
}

export async function applyRulePlan(plan: RulePlan): Promise<AppliedRules> {
  const rulesets = await applyRulesets(plan.rulesets);
  let writes = rulesets.enableRulesetIds.length + rulesets.disableRulesetIds.length > 0 ? 1 : 0;
  const diff = diffDynamicRules(await chrome.declarativeNetRequest.getDynamicRules(), plan.dynamicRules);
  if (!isEmptyDiff(diff)) {
    await chrome.declarativeNetRequest.updateDynamicRules(diff);
    writes += 1;
  }
  return { enabledRulesets: rulesets.enabled, dynamicRuleCount: plan.dynamicRules.length, writes };
}
