/**
 * The classifier's decisions kept as session rules (pure), so a repeat visit is stopped in the
 * network stack without scoring: one redirect rule per category and action, its requestDomains
 * every host decided that way (one regex rule each: dynamic and session rules share a limit of
 * 1,000 regex rules, CHROMIUM-NOTES.md), at the bottom of the category band so any list, allow or
 * warn "Continue" outranks it. The decisions are the truth; the rules are derived and diff-applied.
 */
import { RULE_ID, RULE_PRIORITY } from '../bands';
import type { ClassifierActions } from '../../policy/classifier';
import { classifiedStopSubstitution } from '../../shared/pages';
import { CLASSIFIED_CATEGORIES, type ClassifiedCategory } from './dataset';
import type { ClassifiedStop } from './decide';

type Rule = chrome.declarativeNetRequest.Rule;

export interface ClassifiedDecision extends ClassifiedStop {
  host: string;
  decidedAt: number;
}

/** Hosts kept per worker session; past it the oldest decisions go (they are scored again if visited). */
export const MAX_CLASSIFIED_HOSTS = 2_000;

const ACTIONS = ['block', 'warn'] as const;

export function classifiedRuleId(category: ClassifiedCategory, action: 'block' | 'warn'): number {
  return RULE_ID.classifier.min + CLASSIFIED_CATEGORIES.indexOf(category) * ACTIONS.length + ACTIONS.indexOf(action);
}

export function isClassifiedRuleId(id: number): boolean {
  return id >= RULE_ID.classifier.min && id <= RULE_ID.classifier.max;
}

/** Adds a decision (replacing any for the same host), keeping the newest MAX_CLASSIFIED_HOSTS. */
export function withDecision(decisions: readonly ClassifiedDecision[], decision: ClassifiedDecision): ClassifiedDecision[] {
  const kept = decisions.filter((d) => d.host !== decision.host);
  kept.push(decision);
  kept.sort((a, b) => a.decidedAt - b.decidedAt);
  return kept.slice(-MAX_CLASSIFIED_HOSTS);
}

/** The decisions a profile still stands behind: a policy change may turn a category off or a block into a warning. */
export function decisionsStanding(decisions: readonly ClassifiedDecision[], settings: ClassifierActions): ClassifiedDecision[] {
  return decisions.flatMap((d) => {
    const setting = settings[d.category];
    if (setting === 'off') return [];
    if (d.action === 'block' && setting === 'warn') return [];
    return [d];
  });
}

export function classifiedSessionRules(decisions: readonly ClassifiedDecision[], extensionId: string): Rule[] {
  const rules: Rule[] = [];
  for (const category of CLASSIFIED_CATEGORIES) {
    for (const action of ACTIONS) {
      const hosts = decisions.filter((d) => d.category === category && d.action === action).map((d) => d.host);
      // An empty requestDomains would match every site.
      if (hosts.length === 0) continue;
      rules.push({
        id: classifiedRuleId(category, action),
        priority: RULE_PRIORITY.classifier,
        action: {
          type: 'redirect' as chrome.declarativeNetRequest.RuleActionType,
          redirect: { regexSubstitution: classifiedStopSubstitution(extensionId, action === 'block' ? 'blocked' : 'warn', category) },
        },
        // Main frames only: the model judges a site someone goes to, not what other pages embed.
        condition: { regexFilter: '^.+$', requestDomains: [...hosts].sort(), resourceTypes: ['main_frame' as chrome.declarativeNetRequest.ResourceType] },
      });
    }
  }
  return rules;
}
