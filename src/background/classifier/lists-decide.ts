/**
 * Whether something other than the classifier already decides a navigation: any list the device
 * enforces (the status page's look-up: every enabled category ruleset, never-block, the policy's
 * and the dashboard's lists, lesson allowlists), the illegal feed, or a warn "Continue" already
 * granted in this tab. The classifier acts only where nothing does. Asked only when the model
 * would act: the ruleset indexes are read on first use and kept for the worker's life.
 */
import { RULE_ID } from '../../filter/bands';
import type { Profile } from '../../policy/profile';
import { hostMatchesDomain } from '../../shared/domain';
import { rulesetIndex } from '../ruleset-indexes';
import { listsNaming } from '../site-lookup';

async function illegalFeedNames(host: string): Promise<boolean> {
  if (!(await chrome.declarativeNetRequest.getEnabledRulesets()).includes('illegal_block')) return false;
  const index = rulesetIndex('illegal_block');
  return index !== undefined && (await index).covering(host) !== undefined;
}

async function continuedInTab(tabId: number, host: string): Promise<boolean> {
  const rules = await chrome.declarativeNetRequest.getSessionRules();
  return rules.some(
    (rule) =>
      rule.id >= RULE_ID.warnContinue.min &&
      rule.id <= RULE_ID.warnContinue.max &&
      (rule.condition.tabIds ?? []).includes(tabId) &&
      (rule.condition.requestDomains ?? []).some((domain) => hostMatchesDomain(host, domain)),
  );
}

export async function listsDecide(profile: Profile, url: URL, tabId: number): Promise<boolean> {
  const answers = await Promise.all([listsNaming(profile, url).then((listings) => listings.length > 0), illegalFeedNames(url.hostname), continuedInTab(tabId, url.hostname)]);
  return answers.some(Boolean);
}
