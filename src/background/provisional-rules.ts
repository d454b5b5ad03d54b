/**
 * Thin adapter for the provisional plan (src/filter/bootstrap.ts): run first
 * on every worker start, before the policy is read; a single read of the
 * enabled rulesets when a plan is already in force.
 */
import { provisionalRulesets } from '../filter/bootstrap';
import { plannedRulesets } from '../filter/ruleset-plan';
import { STRICTEST_ACTIONS } from '../policy/defaults';
import { applyRulesets, availableRulesets } from './apply-rulesets';

const LAST_PLAN_KEY = 'lastPlanRulesets';

export async function applyProvisionalRulesets(): Promise<void> {
  const enabled = new Set(await chrome.declarativeNetRequest.getEnabledRulesets());
  const lastPlan = (await chrome.storage.local.get(LAST_PLAN_KEY))[LAST_PLAN_KEY] as string[] | undefined;
  const available = availableRulesets();
  const wanted = provisionalRulesets(enabled, lastPlan, plannedRulesets(STRICTEST_ACTIONS, available), available);
  if (wanted) await applyRulesets(wanted);
}

/** Remembered so that after an update the previous plan, not the strictest, is what stands in. */
export async function rememberPlan(rulesets: ReadonlySet<string>): Promise<void> {
  await chrome.storage.local.set({ [LAST_PLAN_KEY]: [...rulesets].sort() });
}
