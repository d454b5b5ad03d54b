/**
 * Plans and applies the rules for a resolved profile plus what the endpoint
 * added: the lesson allowlists in force and the school lists. Used by the
 * policy pipeline and by lesson and school-list syncs, which reuse the
 * applied profile rather than re-reading managed storage (that read took over
 * 10 s at browser start, measured: bench/README.md). Every caller passes both
 * overlays: leaving the school lists out of a plan would lift their blocks.
 */
import { type LessonAllow, planRules, type RulePlan } from '../filter/plan';
import type { Profile } from '../policy/profile';
import type { SchoolListRuleInput } from '../school-lists/device-lists';
import { type AppliedRules, applyRulePlan } from './apply-rules';
import { availableRulesets } from './apply-rulesets';
import { rememberPlan } from './provisional-rules';

export function profilePlan(profile: Profile, lessonAllows: readonly LessonAllow[], now: number, schoolLists: SchoolListRuleInput): RulePlan {
  return planRules({ profile, availableRulesets: availableRulesets(), extensionId: chrome.runtime.id, lessonAllows, schoolLists, now });
}

export async function applyProfilePlan(profile: Profile, lessonAllows: readonly LessonAllow[], now: number, schoolLists: SchoolListRuleInput): Promise<AppliedRules> {
  const plan = profilePlan(profile, lessonAllows, now, schoolLists);
  const applied = await applyRulePlan(plan);
  await rememberPlan(plan.rulesets);
  return applied;
}
