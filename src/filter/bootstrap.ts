/**
 * The bootstrap ruleset (build time, pure): what a freshly installed
 * extension enforces before its worker has run.
 *
 * Chrome indexes every ruleset the manifest enables before the extension
 * starts, so a million-domain list enabled there leaves the first seconds of a
 * new install unfiltered (measured: 7 s and 66 pages with 1M domains). The
 * manifest therefore enables only this compact ruleset and never-block; the
 * worker's first plan enables the full rulesets (indexed then) and turns this
 * one off, since the full ones cover it. It holds the categories blocked for
 * everyone, staff included (so it can never over-block anyone): the whole
 * illegal feed, and the project's curated entries for the rest.
 */
import { HARMFUL_CATEGORIES } from '../policy/defaults';
import type { CategoryId } from '../shared/categories';
import { compileCategoryRuleset } from './compile-category';
import type { UrlEntry } from './rules/stop-rules';

export const BOOTSTRAP_RULESET = 'bootstrap';
export const BOOTSTRAP_CATEGORIES: readonly CategoryId[] = HARMFUL_CATEGORIES;

export interface BootstrapPart {
  category: CategoryId;
  domains: readonly string[];
  urls: readonly UrlEntry[];
}

export function compileBootstrap(parts: readonly BootstrapPart[], extensionId: string): chrome.declarativeNetRequest.Rule[] {
  let nextId = 1;
  return parts
    .filter((part) => BOOTSTRAP_CATEGORIES.includes(part.category))
    .flatMap((part) => compileCategoryRuleset({ category: part.category, action: 'block', domains: part.domains, urls: part.urls, extensionId }))
    .map((rule) => ({ ...rule, id: nextId++ }));
}
