/**
 * Brings the device's lesson allowlists up to date: asks the endpoint (when
 * told to), drops what has ended, screens out locked categories, applies the
 * rules if anything changed, logs each change, and sets the expiry alarm.
 * A failed fetch keeps what is held: an unreachable endpoint neither ends a
 * lesson early nor keeps one open past its end.
 */
import type { LessonAllow } from '../../filter/plan';
import { hasChanges, inForce, type LessonAllowChanges, lessonAllowChanges, lessonAllowsOf, nextExpiry } from '../../overrides/lesson-allows';
import { type Refusal, screenLockedDomains } from '../../overrides/locked-screen';
import type { Profile } from '../../policy/profile';
import { applyProfilePlan } from '../apply-plan';
import { heldSchoolListsFor } from '../school-lists/held-lists';
import { readEndpoint } from '../endpoint';
import { recordEvent } from '../record-event';
import type { WorkerState } from '../worker-state';
import { scheduleLessonExpiry } from './expiry-schedule';
import { fetchActiveOverrides } from './fetch-allows';
import { readHeldAllows, writeHeldAllows } from './held-allows';
import { lockedLists } from './locked-lists';

export interface LessonSync {
  allows: LessonAllow[];
  changes: LessonAllowChanges;
  refused: Refusal[];
  /** Null when the endpoint answered (or was not asked). */
  error: string | null;
}

async function screen(profile: Profile, allows: readonly LessonAllow[]): Promise<{ allows: LessonAllow[]; refused: Refusal[] }> {
  // No allowlist, no need to load the locked lists (they can be large).
  if (allows.length === 0) return { allows: [], refused: [] };
  return screenLockedDomains(allows, await lockedLists(profile.lockedCategories));
}

/** For the policy pipeline: what is held and still in force, screened against this profile's locked categories. */
export async function heldLessonAllowsFor(profile: Profile, now: number): Promise<LessonAllow[]> {
  return (await screen(profile, inForce((await readHeldAllows()).allows, now))).allows;
}

export async function syncLessonAllows(state: WorkerState, options: { fetch: boolean; onExpiryDue: () => void }, now = Date.now()): Promise<LessonSync> {
  const profile = state.profile;
  const held = await readHeldAllows();
  let source = held.allows;
  let { fetchedAt, lastError } = held;
  let error: string | null = null;
  const endpoint = options.fetch && profile ? await readEndpoint() : undefined;
  if (endpoint && profile) {
    try {
      source = lessonAllowsOf(await fetchActiveOverrides(endpoint, state.email, profile.yearGroup), now);
      fetchedAt = now;
      lastError = null;
    } catch (failure) {
      error = lastError = failure instanceof Error ? failure.message : String(failure);
    }
  }
  const screened = profile ? await screen(profile, inForce(source, now)) : { allows: inForce(source, now), refused: [] };
  for (const refusal of screened.refused) {
    console.warn(`lesson allowlist ${refusal.allowId}: ${refusal.domain} is in the locked ${refusal.category} category and stays blocked`);
  }
  const changes = lessonAllowChanges(held.allows, screened.allows, now);
  await writeHeldAllows({ allows: screened.allows, fetchedAt, lastError });
  if (hasChanges(changes) && profile) {
    await applyProfilePlan(profile, screened.allows, now, await heldSchoolListsFor(profile, now));
    await recordChanges(state, changes);
  }
  await scheduleLessonExpiry(nextExpiry(screened.allows), options.onExpiryDue);
  return { allows: screened.allows, changes, refused: screened.refused, error };
}

async function recordChanges(state: WorkerState, changes: LessonAllowChanges): Promise<void> {
  const entries = [
    ...changes.applied.map((allow) => ['applied', allow] as const),
    ...changes.expired.map((allow) => ['expired', allow] as const),
    ...changes.ended.map((allow) => ['ended', allow] as const),
  ];
  for (const [status, allow] of entries) {
    await recordEvent(state, (base) => ({
      ...base,
      type: 'override',
      overrideId: allow.id,
      status,
      domains: allow.domains,
      expiresAt: new Date(allow.expiresAt).toISOString(),
    }));
  }
}
