import type { CategoryId } from '../shared/categories';
import { pageUrl } from '../shared/pages';
import { CATEGORY_PRIORITY, HIGHEST_PRIORITY } from './bands';

type Rule = chrome.declarativeNetRequest.Rule;
type ResourceType = `${chrome.declarativeNetRequest.ResourceType}`;

/** Everything except main_frame: these are simply blocked, never redirected. */
export const SUBRESOURCE_TYPES: readonly ResourceType[] = [
  'sub_frame', 'stylesheet', 'script', 'image', 'font', 'object', 'xmlhttprequest',
  'ping', 'csp_report', 'media', 'websocket', 'webtransport', 'webbundle', 'other',
];

export interface CategoryRulesetInput {
  category: CategoryId;
  action: 'block' | 'warn';
  /** Normalised, deduplicated registrable names; subdomains match implicitly. */
  domains: readonly string[];
  extensionId: string;
}

/**
 * One category and action become at most two rules, each holding every domain
 * in `requestDomains` (uBlock Origin Lite's packing: one rule per list, not one
 * per domain, so a million domains cost two of the 30,000 guaranteed rules).
 *
 * Main frames are redirected to the block page with the original URL in the
 * fragment: `\0` is the whole match of `^.+$`, and a fragment never reaches a
 * server, so the blocked address stays on the device.
 */
export function compileCategoryRuleset(input: CategoryRulesetInput): Rule[] {
  if (input.domains.length === 0) return [];
  const requestDomains = [...input.domains].sort();
  // The licensed illegal feed outranks everything, including admin and teacher allows.
  const priority = input.category === 'illegal' ? HIGHEST_PRIORITY.illegal : CATEGORY_PRIORITY[input.action];
  // The warn page arrives with the category set; until then warn rules use the
  // block page so a warn-listed site is never let through by a missing page.
  const target = `${pageUrl(input.extensionId, 'blocked')}?category=${input.category}&action=${input.action}`;
  return [
    {
      id: 1,
      priority,
      action: {
        type: 'redirect' as chrome.declarativeNetRequest.RuleActionType,
        redirect: { regexSubstitution: `${target}#\\0` },
      },
      condition: {
        regexFilter: '^.+$',
        requestDomains,
        resourceTypes: ['main_frame' as chrome.declarativeNetRequest.ResourceType],
      },
    },
    {
      id: 2,
      priority,
      action: { type: 'block' as chrome.declarativeNetRequest.RuleActionType },
      condition: {
        requestDomains,
        resourceTypes: SUBRESOURCE_TYPES as chrome.declarativeNetRequest.ResourceType[],
      },
    },
  ];
}
