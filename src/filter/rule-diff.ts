/**
 * The smallest update from the dynamic rules Chrome holds to the planned
 * ones: unchanged rules stay, changed ones are replaced under the same id.
 * Nothing to do means no write at all (uBlock Origin Lite's habit: a write
 * costs Chrome a re-index on every worker wake).
 */
import { stableJson } from '../shared/stable-json';

type Rule = chrome.declarativeNetRequest.Rule;

export interface DynamicRuleDiff {
  removeRuleIds: number[];
  addRules: Rule[];
}

export function diffDynamicRules(current: readonly Rule[], wanted: readonly Rule[]): DynamicRuleDiff {
  const currentById = new Map(current.map((rule) => [rule.id, stableJson(rule)]));
  const wantedIds = new Set(wanted.map((rule) => rule.id));
  const addRules = wanted.filter((rule) => currentById.get(rule.id) !== stableJson(rule));
  const removeRuleIds = [
    ...current.filter((rule) => !wantedIds.has(rule.id)).map((rule) => rule.id),
    ...addRules.filter((rule) => currentById.has(rule.id)).map((rule) => rule.id),
  ].sort((a, b) => a - b);
  return { removeRuleIds, addRules };
}

export function isEmptyDiff(diff: DynamicRuleDiff): boolean {
  return diff.removeRuleIds.length === 0 && diff.addRules.length === 0;
}
