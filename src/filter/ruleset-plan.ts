/**
 * Which static rulesets a profile needs: for each category, its block ruleset
 * if the action is block, its warn ruleset if warn, neither if allow. Pure, so
 * the truth table is unit tested; the adapter applies it by diff.
 */
import type { CategoryActions } from '../policy/defaults';
import type { Action, CategoryId } from '../shared/categories';
import { CATEGORY_IDS } from '../shared/categories';

export function rulesetId(category: CategoryId, action: Exclude<Action, 'allow'>): string {
  return `${category}_${action}`;
}

export interface RulesetDiff {
  enableRulesetIds: string[];
  disableRulesetIds: string[];
}

export function plannedRulesets(actions: CategoryActions, available: ReadonlySet<string>): Set<string> {
  const wanted = new Set<string>();
  for (const category of CATEGORY_IDS) {
    const action = category === 'illegal' ? 'block' : actions[category];
    if (action === 'allow') continue;
    const id = rulesetId(category, action);
    // A warn ruleset that does not exist (illegal has none) falls back to block: never to nothing.
    wanted.add(available.has(id) ? id : rulesetId(category, 'block'));
  }
  return new Set([...wanted].filter((id) => available.has(id)));
}

/** The smallest change from what is enabled to what is wanted; empty when nothing changes. */
export function diffRulesets(enabled: ReadonlySet<string>, wanted: ReadonlySet<string>): RulesetDiff {
  return {
    enableRulesetIds: [...wanted].filter((id) => !enabled.has(id)).sort(),
    disableRulesetIds: [...enabled].filter((id) => !wanted.has(id)).sort(),
  };
}
