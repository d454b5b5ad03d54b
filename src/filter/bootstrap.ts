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

/**
 * What to enable the moment the worker starts, before the policy is read
 * (pure). Reading managed storage can take many seconds at browser start
 * (measured: over 10 s while the pupil is already browsing), and an empty
 * read is retried for several more; the bootstrap alone must not stand in for
 * the full lists that long. While the bootstrap is still on (a fresh install,
 * or an update: Chrome resets enabled rulesets to the manifest's), the worker
 * enables the last plan's rulesets if it has one, else the strictest profile's,
 * and the real plan follows when the policy is read. Null: a plan is already
 * in force, nothing to do.
 */
export function provisionalRulesets(
  enabled: ReadonlySet<string>,
  lastPlan: readonly string[] | undefined,
  strictest: ReadonlySet<string>,
  available: ReadonlySet<string>,
): Set<string> | null {
  if (!enabled.has(BOOTSTRAP_RULESET)) return null;
  const wanted = new Set([...(lastPlan ?? strictest), NEVER_BLOCK]);
  return new Set([...wanted].filter((id) => available.has(id) && id !== BOOTSTRAP_RULESET));
}

const NEVER_BLOCK = 'never_block';
