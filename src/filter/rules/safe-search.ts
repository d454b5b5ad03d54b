/**
 * Safe search, enforced by Chrome (pure rule builders; DESIGN.md band
 * "safe search"). Search engines honour a query parameter, YouTube a request
 * header. A redirect that would not change the URL is not made, so a search
 * already carrying the parameter does not loop.
 */
import type { SafeSearch } from '../../policy/defaults';
import { RULE_ID, RULE_PRIORITY } from '../bands';
import { YOUTUBE_HOSTS } from '../youtube';

type Rule = chrome.declarativeNetRequest.Rule;
type ResourceType = chrome.declarativeNetRequest.ResourceType;
type RuleActionType = chrome.declarativeNetRequest.RuleActionType;

/** Google's search hosts pupils in the UK actually reach; subdomains (www.) match implicitly. */
export const GOOGLE_SEARCH_DOMAINS = [
  'google.com', 'google.co.uk', 'google.ie', 'google.fr', 'google.de', 'google.es', 'google.it',
  'google.nl', 'google.be', 'google.pl', 'google.pt', 'google.com.au', 'google.ca', 'google.co.in',
  'google.co.nz', 'google.co.za', 'google.com.br', 'google.com.mx', 'google.co.jp',
];


const NAVIGATIONS = ['main_frame', 'sub_frame'] as ResourceType[];

function paramRedirect(id: number, requestDomains: string[], urlFilter: string, key: string, value: string): Rule {
  return {
    id,
    priority: RULE_PRIORITY.safeSearch,
    action: {
      type: 'redirect' as RuleActionType,
      redirect: { transform: { queryTransform: { addOrReplaceParams: [{ key, value }] } } },
    },
    condition: { requestDomains, urlFilter, resourceTypes: NAVIGATIONS },
  };
}

export function safeSearchRules(settings: SafeSearch): Rule[] {
  const rules: Rule[] = [];
  const id = RULE_ID.safeSearch.min;
  // Google: /search (web, images, videos) takes safe=active.
  if (settings.google) rules.push(paramRedirect(id, GOOGLE_SEARCH_DOMAINS, '/search?', 'safe', 'active'));
  // Bing: adlt=strict on results pages.
  if (settings.bing) rules.push(paramRedirect(id + 1, ['bing.com'], '/search?', 'adlt', 'strict'));
  // DuckDuckGo: kp=1 (strict) on any query, whether at / or /html.
  if (settings.duckduckgo) rules.push(paramRedirect(id + 2, ['duckduckgo.com'], 'q=', 'kp', '1'));
  // `block` still sends Strict: a lesson allowlist or the admin's allow list
  // can open YouTube above the block, and it then opens in Restricted Mode.
  if (settings.youtube !== 'off') {
    rules.push({
      id: id + 3,
      priority: RULE_PRIORITY.safeSearch,
      action: {
        type: 'modifyHeaders' as RuleActionType,
        requestHeaders: [
          {
            header: 'YouTube-Restrict',
            operation: 'set' as chrome.declarativeNetRequest.HeaderOperation,
            value: settings.youtube === 'moderate' ? 'Moderate' : 'Strict',
          },
        ],
      },
      condition: { requestDomains: [...YOUTUBE_HOSTS].sort(), resourceTypes: [...NAVIGATIONS, 'xmlhttprequest' as ResourceType] },
    });
  }
  return rules;
}
