/**
 * Plans and applies the rules for a resolved profile plus the lesson
 * allowlists in force. Used by the policy pipeline and by lesson syncs, which
 * reuse the applied profile rather than re-reading managed storage (that read
 * took over 10 s at browser start, measured: bench/README.md).
 */
import { type LessonAllow, planRules } from '../filter/plan';
import type { Profile } from '../policy/profile';
import { type AppliedRules, applyRulePlan } from './apply-rules';
import { availableRulesets } from './apply-rulesets';
import { rememberPlan } from './provisional-rules';

export async function applyProfilePlan(profile: Profile, lessonAllows: readonly LessonAllow[], now: number): Promise<AppliedRules> {
  const plan = planRules({ profile, availableRulesets: availableRulesets(), extensionId: chrome.runtime.id, lessonAllows, now });
  const applied = await applyRulePlan(plan);
  await rememberPlan(plan.rulesets);
  return applied;
}
