/**
 * Domain indexes of our own static rulesets, read from the extension package
 * on demand and kept for the worker's life (they change only with an update).
 */
import { DomainIndex } from '../filter/domain-index';

const cache = new Map<string, Promise<DomainIndex>>();

function rulesetPath(id: string): string | undefined {
  return chrome.runtime.getManifest().declarative_net_request?.rule_resources.find((r) => r.id === id)?.path;
}

export function rulesetIndex(id: string): Promise<DomainIndex> | undefined {
  const path = rulesetPath(id);
  if (!path) return undefined;
  let index = cache.get(id);
  if (!index) {
    index = fetch(chrome.runtime.getURL(path))
      .then((response) => response.json() as Promise<chrome.declarativeNetRequest.Rule[]>)
      .then((rules) => DomainIndex.fromRules(rules));
    // A failed read must be retried next time, not remembered.
    index.catch(() => cache.delete(id));
    cache.set(id, index);
  }
  return index;
}

/**
 * The category blocks a warn "Continue" could outrank: every enabled block
 * ruleset in the category band. The illegal feed and the admin's blockDomains
 * sit in the highest band, above any continue rule, so they need no check
 * (and one illegal URL on a big site does not refuse Continue for all of it).
 */
export async function categoryBlockIndexes(): Promise<DomainIndex[]> {
  const enabled = await chrome.declarativeNetRequest.getEnabledRulesets();
  const blocking = enabled.filter((id) => id.endsWith('_block') && id !== 'illegal_block');
  return Promise.all(blocking.map((id) => rulesetIndex(id)).filter((index) => index !== undefined));
}
