/**
 * The school lists this device holds, in storage.local: the last good copy
 * the endpoint sent, kept across worker stops and browser restarts, so an
 * offline device goes on applying it (and ends entries on time), and a bad
 * reply never replaces it. A 50,000-entry copy is about a megabyte, well
 * inside storage.local's 10 MB.
 */
import type { Profile } from '../../policy/profile';
import { categoriesToCheck } from '../../overrides/lesson-locked';
import { type HeldSchoolList, listsForReader, ruleInputOf, type SchoolListRuleInput } from '../../school-lists/device-lists';
import { type SchoolAllowRefusal, screenSchoolAllows } from '../../school-lists/screen';
import { lockedLists } from '../lessons/locked-lists';

const STORE_KEY = 'schoolLists';

export interface HeldSchoolLists {
  lists: HeldSchoolList[];
  /** The ETag of the copy held, sent as If-None-Match: most asks are then a 304. */
  etag: string | null;
  /** The reader (audience.ts readerKey) the copy was fetched for. */
  readerKey: string | null;
  /** Last answer from the endpoint (a new copy or "unchanged"); null before the first. */
  fetchedAt: number | null;
  /** Why the last ask failed or its reply was refused, for the status page; null after a success. */
  lastError: string | null;
}

export const NO_HELD_LISTS: HeldSchoolLists = { lists: [], etag: null, readerKey: null, fetchedAt: null, lastError: null };

export async function readHeldLists(): Promise<HeldSchoolLists> {
  return ((await chrome.storage.local.get(STORE_KEY))[STORE_KEY] as HeldSchoolLists | undefined) ?? NO_HELD_LISTS;
}

export async function writeHeldLists(held: HeldSchoolLists): Promise<void> {
  await chrome.storage.local.set({ [STORE_KEY]: held });
}

export interface ScreenedSchoolLists {
  input: SchoolListRuleInput;
  /** Allowed sites our own lists put in a locked category: left out, so they stay blocked. */
  refused: SchoolAllowRefusal[];
}

/** What the rules are built from for this profile now: in force, for this reader, allows screened against its locked categories. */
export async function screenedSchoolLists(profile: Profile, held: HeldSchoolLists, now: number): Promise<ScreenedSchoolLists> {
  const input = ruleInputOf(listsForReader(held.lists, held.readerKey, profile), now);
  // No allow, no need to load the locked lists (they can be large). `illegal` sits above every allow (bands.ts).
  if (input.allowDomains.length === 0 && input.allowPaths.length === 0) return { input, refused: [] };
  const lists = await lockedLists(categoriesToCheck(profile.lockedCategories));
  return screenSchoolAllows(input, lists);
}

/** For the policy pipeline and lesson syncs: the held copy as this profile applies it. */
export async function heldSchoolListsFor(profile: Profile, now: number): Promise<SchoolListRuleInput> {
  return (await screenedSchoolLists(profile, await readHeldLists(), now)).input;
}
