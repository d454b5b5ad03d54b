/**
 * "Continue" on a warn page (pure). The worker opens a site only after
 * checking, from its own state and not from anything the page claims, that
 * the category is `warn` for this profile, that the site is really listed in
 * that warn ruleset, and that nothing else blocks it: a session rule in the
 * warn-continue band outranks every category rule, so without the last check
 * "Continue" on a social site would also open an adult domain listed there.
 */
import type { CategoryActions } from '../policy/defaults';
import { type CategoryId, isCategoryId } from '../shared/categories';
import { RULE_ID, RULE_PRIORITY } from './bands';
import type { DomainIndex } from './domain-index';

type Rule = chrome.declarativeNetRequest.Rule;

export type ContinueRefusal = 'not-a-warned-category' | 'not-listed-here' | 'blocked-elsewhere' | 'bad-url';

export interface ContinueCheck {
  category: string;
  url: string;
  actions: CategoryActions;
  /** The warn ruleset of `category`, as enabled now. */
  warnIndex: DomainIndex | undefined;
  /** Every enabled category block ruleset (the highest band outranks a continue anyway). */
  blockIndexes: readonly DomainIndex[];
}

export type ContinueDecision =
  | { ok: true; category: CategoryId; host: string }
  | { ok: false; reason: ContinueRefusal };

/** The host of an http(s) address; undefined for anything else (a continue opens web sites only). */
function webHostOf(address: string): string | undefined {
  try {
    const url = new URL(address);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.hostname : undefined;
  } catch {
    return undefined;
  }
}

export function decideContinue(check: ContinueCheck): ContinueDecision {
  const host = webHostOf(check.url);
  if (host === undefined) return { ok: false, reason: 'bad-url' };
  const category = check.category;
  if (!isCategoryId(category) || category === 'illegal' || check.actions[category] !== 'warn') {
    return { ok: false, reason: 'not-a-warned-category' };
  }
  if (!check.warnIndex?.covering(host)) return { ok: false, reason: 'not-listed-here' };
  if (check.blockIndexes.some((index) => index.covering(host))) return { ok: false, reason: 'blocked-elsewhere' };
  return { ok: true, category, host };
}

/**
 * "Continue" on a warning the on-device classifier gave (issue 20): no list names the site, so the
 * only ground for it is the worker's own decision, a warning in that category that the profile
 * still stands behind. A classified block is never continued past.
 */
export function decideClassifiedContinue(check: {
  category: string;
  url: string;
  decision: { category: string; action: 'block' | 'warn' } | undefined;
  settings: Readonly<Record<string, 'block' | 'warn' | 'off'>>;
}): ContinueDecision {
  const host = webHostOf(check.url);
  if (host === undefined) return { ok: false, reason: 'bad-url' };
  const { category, decision } = check;
  if (!isCategoryId(category) || !decision || decision.category !== category || decision.action !== 'warn' || (check.settings[category] ?? 'off') === 'off') {
    return { ok: false, reason: 'not-listed-here' };
  }
  return { ok: true, category, host };
}

/**
 * One session rule: `allowAllRequests` on the site's main frame in that tab
 * only, so the page and everything it loads get through, below safe search,
 * lesson and admin rules, and far below illegal and admin blocks.
 */
export function continueRule(id: number, tabId: number, host: string): Rule {
  return {
    id,
    priority: RULE_PRIORITY.warnContinue,
    action: { type: 'allowAllRequests' as chrome.declarativeNetRequest.RuleActionType },
    condition: {
      requestDomains: [host],
      tabIds: [tabId],
      resourceTypes: ['main_frame' as chrome.declarativeNetRequest.ResourceType],
    },
  };
}

/** The lowest free id in the warn-continue range, or undefined when it is full. */
export function nextContinueRuleId(usedIds: readonly number[]): number | undefined {
  const used = new Set(usedIds);
  for (let id = RULE_ID.warnContinue.min; id <= RULE_ID.warnContinue.max; id++) if (!used.has(id)) return id;
  return undefined;
}
