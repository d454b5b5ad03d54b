/**
 * The shapes of "stop" rule every blocking source shares (category rulesets,
 * the admin's blockDomains, the illegal feed): one redirect to our block or
 * warn page for a whole list of domains, and one per path-level entry. Main
 * frames land on the page; anything else redirected there fails to load.
 */
import { PAGE_PATHS, type PageName, type StopReason, stopPageSubstitution } from '../../shared/pages';

type Rule = chrome.declarativeNetRequest.Rule;
type ResourceType = chrome.declarativeNetRequest.ResourceType;
type RuleActionType = chrome.declarativeNetRequest.RuleActionType;

/** Everything except main_frame: these are blocked, never redirected. */
export const SUBRESOURCE_TYPES = [
  'sub_frame', 'stylesheet', 'script', 'image', 'font', 'object', 'xmlhttprequest',
  'ping', 'csp_report', 'media', 'websocket', 'webtransport', 'webbundle', 'other',
] as ResourceType[];

/** An allow rule names main_frame explicitly: DNR leaves it out when resourceTypes is absent. */
export const ALL_RESOURCE_TYPES = ['main_frame' as ResourceType, ...SUBRESOURCE_TYPES];

export function domainAllowRule(id: number, priority: number, domains: readonly string[], excluded: readonly string[] = []): Rule[] {
  if (domains.length === 0) return [];
  const condition: chrome.declarativeNetRequest.RuleCondition = { requestDomains: [...domains].sort(), resourceTypes: ALL_RESOURCE_TYPES };
  // Set only when it names something, so the rule compares equal to Chrome's stored copy in the diff.
  if (excluded.length > 0) condition.excludedRequestDomains = [...excluded].sort();
  return [{ id, priority, action: { type: 'allow' as RuleActionType }, condition }];
}

export interface StopTarget {
  page: PageName;
  reason: StopReason;
  extensionId: string;
}

/**
 * Illegal-feed addresses are never carried (IWF and CTIRU lists are licensed
 * in confidence, and the school must not hold copies of the addresses): an
 * `illegal` stop sends the block page its reason only, at domain and URL level
 * alike, so no page shows, no log records and no report carries any part of
 * the address, the host included. Every other stop hands the page the stopped
 * address in the fragment (never sent to a server). The one place this is
 * decided; capture.ts and page-target.ts read the same contract.
 */
export function carriesAddress(reason: StopReason): boolean {
  return reason !== 'illegal';
}

/**
 * A whole list in ONE rule, every domain in `requestDomains` (uBlock Origin
 * Lite's packing: a million domains cost one of the guaranteed 30,000 rules).
 * Subdomains match implicitly. The rule redirects every resource type to the
 * stop page, as path-level rules do: a main frame or frame shows the page, and
 * an image, script or style redirected to an HTML page simply fails to load,
 * so nothing listed is ever fetched. One rule instead of a redirect for main
 * frames plus a block for the rest writes each list once, not twice: half the
 * bytes in every update a Chromebook downloads, and half the memory Chrome
 * holds for the lists. An empty list makes no rules, because an empty
 * `requestDomains` is invalid and a missing one would match everything.
 */
export function domainStopRules(firstId: number, priority: number, domains: readonly string[], target: StopTarget): Rule[] {
  if (domains.length === 0) return [];
  const requestDomains = [...domains].sort();
  if (!carriesAddress(target.reason)) {
    return [
      {
        id: firstId,
        priority,
        action: { type: 'redirect' as RuleActionType, redirect: { extensionPath: `/${PAGE_PATHS[target.page]}?category=${target.reason}` } },
        condition: { requestDomains, resourceTypes: ALL_RESOURCE_TYPES },
      },
    ];
  }
  return [
    {
      id: firstId,
      priority,
      // regexSubstitution is the only way to hand the page the address that matched (\0).
      action: { type: 'redirect' as RuleActionType, redirect: { regexSubstitution: stopPageSubstitution(target.extensionId, target.page, target.reason) } },
      condition: { regexFilter: '^.+$', requestDomains, resourceTypes: ALL_RESOURCE_TYPES },
    },
  ];
}

export interface UrlEntry {
  host: string;
  path: string;
}

/** urlFilter has no escape for its own operators, so such paths cannot be expressed. */
const URL_FILTER_OPERATORS = /[*^|]/;

/** The entry's path as the browser sends it (urlFilter must be ASCII), or undefined if urlFilter cannot express it. */
export function encodedPath(entry: UrlEntry): string | undefined {
  const url = new URL(`http://${entry.host}${entry.path}`);
  const encoded = `${url.pathname}${url.search}`;
  return URL_FILTER_OPERATORS.test(encoded) ? undefined : encoded;
}

/**
 * Path-level entries (UT1 `urls`, the IWF and CTIRU URL lists) cannot share a
 * rule: each needs its own urlFilter. So each costs ONE rule, not two: the
 * redirect to the block page applies to every resource type. A subresource
 * redirected to an HTML page fails to load as a script, image or frame
 * content, so the listed URL is still never fetched, and real lists fit
 * (UT1's malware and phishing URL lists alone hold ~18,000 entries, which at
 * two rules each would pass Chrome's guaranteed 30,000).
 *
 * The block page cannot receive the exact address through a urlFilter rule
 * (only regexFilter rules substitute), so the listed entry goes in the
 * fragment instead, unless the reason carries no address (`illegal`).
 */
export function urlStopRules(firstId: number, priority: number, urls: readonly UrlEntry[], target: StopTarget): Rule[] {
  const rules: Rule[] = [];
  let id = firstId;
  for (const entry of urls) {
    const path = encodedPath(entry);
    if (path === undefined) continue;
    const fragment = carriesAddress(target.reason) ? `#https://${entry.host}${path}` : '';
    rules.push({
      id: id++,
      priority,
      action: { type: 'redirect' as RuleActionType, redirect: { extensionPath: `/${PAGE_PATHS[target.page]}?category=${target.reason}${fragment}` } },
      condition: { urlFilter: `||${entry.host}${path}`, resourceTypes: ALL_RESOURCE_TYPES },
    });
  }
  return rules;
}
