/**
 * The policy pipeline, run on every wake and every policy change:
 * managed storage -> repair -> profile for this user (+ held lesson allowlists and school lists) -> rules by diff.
 * Nothing here can open the filter: a failed read is an empty policy, which
 * resolves to the strictest pupil profile.
 */
import { policyOutcomeHash } from '../events/policy-event';
import { applyProfilePlan } from './apply-plan';
import { heldLessonAllowsFor } from './lessons/sync';
import { heldSchoolListsFor } from './school-lists/held-lists';
import { resolveProfile } from '../policy/profile';
import { repairPolicy } from '../policy/repair';
import type { PolicyStatus } from '../shared/status';
import { readIdentity } from './identity';
import { readManagedStorage } from './managed-storage';
import { recordPolicyOutcome } from './record-policy-outcome';

function redactSecrets(managed: Record<string, unknown>): Record<string, unknown> {
  const endpoint = managed.endpoint;
  if (typeof endpoint !== 'object' || endpoint === null || !('token' in endpoint)) return managed;
  return { ...managed, endpoint: { ...endpoint, token: '(hidden)' } };
}

export async function applyPolicy(reason: NonNullable<PolicyStatus['reason']>, now = new Date()): Promise<PolicyStatus> {
  const [managed, identity] = await Promise.all([readManagedStorage(), readIdentity()]);
  const repaired = repairPolicy(managed);
  const { profile, problems } = resolveProfile(repaired.policy, repaired.problems, { email: identity.email }, now);
  // Held lesson allowlists go into the same plan: a policy change must not drop a lesson in progress.
  const lessonAllows = await heldLessonAllowsFor(profile, now.getTime()).catch((error: unknown) => {
    console.error('lesson allowlists left out of this plan', error);
    return [];
  });
  // The school lists held (the last good copy) too: a policy change must not lift the school's blocks.
  const schoolLists = await heldSchoolListsFor(profile, now.getTime());
  const applied = await applyProfilePlan(profile, lessonAllows, now.getTime(), schoolLists);
  for (const problem of problems.filter((p) => p.severity === 'error')) {
    console.error(`policy error at ${problem.path || '(root)'}: ${problem.message}`);
  }
  const policyHash = await policyOutcomeHash(repaired.policy, problems);
  // The rules are already in force; a failure to log must not undo that.
  await recordPolicyOutcome(policyHash, problems, profile, identity).catch((error: unknown) =>
    console.error('could not record the policy event', error),
  );
  return {
    policyHash,
    appliedAt: Date.now(),
    reason,
    managed: redactSecrets(managed),
    problems,
    profile,
    email: identity.email,
    device: identity.device,
    enabledRulesets: applied.enabledRulesets,
    dynamicRuleCount: applied.dynamicRuleCount,
    ruleWrites: applied.writes,
  };
}
