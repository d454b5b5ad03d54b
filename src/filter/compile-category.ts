/**
 * Compiles one category and action into a static ruleset (build time, pure):
 * one rule for all its domains, one for each path-level entry.
 */
import type { CategoryId } from '../shared/categories';
import { CATEGORY_PATH_PRIORITY, CATEGORY_PRIORITY, HIGHEST_PRIORITY } from './bands';
import { domainStopRules, type UrlEntry, urlStopRules } from './rules/stop-rules';

export interface CategoryRulesetInput {
  category: CategoryId;
  action: 'block' | 'warn';
  /** Normalised, deduplicated, parent-pruned names; subdomains match implicitly. */
  domains: readonly string[];
  urls?: readonly UrlEntry[];
  extensionId: string;
}

export function compileCategoryRuleset(input: CategoryRulesetInput): chrome.declarativeNetRequest.Rule[] {
  // The licensed illegal feed outranks everything, including admin and teacher allows.
  const illegal = input.category === 'illegal';
  const priority = illegal ? HIGHEST_PRIORITY.illegal : CATEGORY_PRIORITY[input.action];
  const pathPriority = illegal ? HIGHEST_PRIORITY.illegal : CATEGORY_PATH_PRIORITY[input.action];
  const target = { page: input.action === 'warn' ? 'warn' : 'blocked', reason: input.category, extensionId: input.extensionId } as const;
  const domainRules = domainStopRules(1, priority, input.domains, target);
  const urls = [...(input.urls ?? [])].sort((a, b) => `${a.host}${a.path}`.localeCompare(`${b.host}${b.path}`));
  return [...domainRules, ...urlStopRules(domainRules.length + 1, pathPriority, urls, target)];
}
