/**
 * Brings the device's school lists up to date: asks the endpoint (when told
 * to) with the held copy's ETag, checks that a new copy fits what Chrome
 * guarantees alongside everything else the plan holds, keeps it, applies the
 * rules, and sets the expiry alarm. What fails keeps the last good copy and
 * says why on the status page: an unreachable endpoint, an error status, a
 * reply that is not a valid list, or a list the rules could not hold. An
 * entry past its end stops applying on the device's own clock, offline too.
 */
import { dynamicRuleProblems } from '../../filter/limits';
import { readerKey } from '../../school-lists/audience';
import { listsInForce, nextListEnd, readerOf, type SchoolListRuleInput } from '../../school-lists/device-lists';
import type { SchoolAllowRefusal } from '../../school-lists/screen';
import { applyProfilePlan, profilePlan } from '../apply-plan';
import { readEndpoint } from '../endpoint';
import { heldLessonAllowsFor } from '../lessons/sync';
import type { WorkerState } from '../worker-state';
import { scheduleSchoolListExpiry } from './expiry-schedule';
import { fetchSchoolLists } from './fetch-lists';
import { type HeldSchoolLists, readHeldLists, screenedSchoolLists, writeHeldLists } from './held-lists';

export interface SchoolListSync {
  /** What the rules now hold: in force, screened. */
  input: SchoolListRuleInput;
  refused: SchoolAllowRefusal[];
  /** Null when the endpoint answered with something applied (or was not asked). */
  error: string | null;
}

/** What the last apply from here was made of (worker memory: a new worker applies once, and the diff then writes nothing). */
let appliedSignature: string | null = null;

function message(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}

export async function syncSchoolLists(state: WorkerState, options: { fetch: boolean; onExpiryDue: () => void }, now = Date.now()): Promise<SchoolListSync | null> {
  const profile = state.profile;
  if (!profile) return null;
  const previous = await readHeldLists();
  let held: HeldSchoolLists = previous;
  let error: string | null = null;
  const endpoint = options.fetch ? await readEndpoint() : undefined;
  if (endpoint) {
    const key = readerKey(readerOf(profile));
    try {
      const fetched = await fetchSchoolLists(endpoint, readerOf(profile), previous.readerKey === key ? previous.etag : null);
      held = fetched.kind === 'unchanged' ? { ...previous, fetchedAt: now, lastError: null } : { lists: fetched.lists, etag: fetched.etag, readerKey: key, fetchedAt: now, lastError: null };
    } catch (failure) {
      error = message(failure);
      held = { ...previous, lastError: error };
    }
  }
  const lessonAllows = await heldLessonAllowsFor(profile, now);
  let screened = await screenedSchoolLists(profile, held, now);
  if (held !== previous && held.lists !== previous.lists) {
    // A new copy is kept only if the whole plan still fits Chrome's limits: never a partial apply.
    const problems = dynamicRuleProblems(profilePlan(profile, lessonAllows, now, screened.input).dynamicRules);
    if (problems.length > 0) {
      error = `the school lists from the endpoint would need more rules than Chrome allows (${problems.join('; ')}), so the copy held stays`;
      held = { ...previous, fetchedAt: now, lastError: error };
      screened = await screenedSchoolLists(profile, held, now);
    }
  }
  await writeHeldLists(held);
  // A 304 with nothing ended since is the usual ask: nothing to plan. Every other path that applies rules
  // (policy, lessons) plans with the held copy, so what Chrome holds already matches it.
  const signature = JSON.stringify([held.etag, held.readerKey, listsInForce(held.lists, now).length, state.policyHash]);
  try {
    if (signature !== appliedSignature) await applyProfilePlan(profile, lessonAllows, now, screened.input);
    appliedSignature = signature;
  } catch (failure) {
    appliedSignature = null;
    // Chrome refused the update whole, so the rules in force are still the previous copy's: hold that one.
    error = `Chrome refused the school lists' rules (${message(failure)}), so the previous copy stays in force`;
    held = { ...previous, lastError: error };
    await writeHeldLists(held);
    screened = await screenedSchoolLists(profile, held, now);
  }
  for (const refusal of screened.refused) console.warn(`school allow list: ${refusal.target} is in the locked ${refusal.category} category and stays blocked`);
  await scheduleSchoolListExpiry(nextListEnd(held.lists, now), options.onExpiryDue);
  return { input: screened.input, refused: screened.refused, error };
}
