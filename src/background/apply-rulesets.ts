/**
 * Applies a ruleset plan by diff: reads what Chrome has enabled, writes only
 * the difference, and writes nothing when nothing changed (a no-op update
 * still costs Chrome a re-index check on every worker wake).
 */
import { diffRulesets, type RulesetDiff } from '../filter/ruleset-plan';

export function availableRulesets(): Set<string> {
  return new Set(chrome.runtime.getManifest().declarative_net_request?.rule_resources.map((r) => r.id) ?? []);
}

export async function applyRulesets(wanted: ReadonlySet<string>): Promise<RulesetDiff & { enabled: string[] }> {
  const enabled = new Set(await chrome.declarativeNetRequest.getEnabledRulesets());
  const diff = diffRulesets(enabled, wanted);
  if (diff.enableRulesetIds.length > 0 || diff.disableRulesetIds.length > 0) {
    await chrome.declarativeNetRequest.updateEnabledRulesets(diff);
  }
  return { ...diff, enabled: [...wanted].sort() };
}
