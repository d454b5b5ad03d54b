/**
 * The status page's "Which list names a site?": every list this device holds
 * that names the address, in order of authority, in words that say where each
 * is changed (src/filter/site-listings.ts). Reads what the worker already
 * holds; asks nothing of the endpoint.
 */
import { allowedDomains, NEVER_BLOCK_RULESET } from '../filter/plan';
import { listingWords, type SiteListing, siteListings } from '../filter/site-listings';
import type { Profile } from '../policy/profile';
import { type CategoryId, isCategoryId } from '../shared/categories';
import type { SiteLookupReply } from '../shared/messages';
import { heldLessonAllowsFor } from './lessons/sync';
import { rulesetIndex } from './ruleset-indexes';
import { readHeldLists, screenedSchoolLists } from './school-lists/held-lists';
import type { WorkerState } from './worker-state';

function addressOf(typed: string): URL | null {
  const text = typed.trim();
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
}

export async function lookUpSite(state: WorkerState, typed: string): Promise<SiteLookupReply> {
  const url = addressOf(typed);
  if (!url || !/^https?:$/.test(url.protocol) || !url.hostname.includes('.')) return { ok: false, error: 'Type a web address or a domain, such as example.com.' };
  const profile = state.profile;
  if (!profile) return { ok: false, error: 'The policy has not been applied yet: try again in a moment.' };
  const listings = await listsNaming(profile, url);
  return { ok: true, host: url.hostname, listings: listings.map((listing) => ({ ...listing, words: listingWords(listing) })) };
}

/**
 * Every list this device enforces now that names the address (the illegal feed never among them),
 * in order of authority. Shared by the status page's look-up and the classifier, which acts only
 * where this is empty.
 */
export async function listsNaming(profile: Profile, url: URL, now = Date.now()): Promise<SiteListing[]> {
  const enabled = await chrome.declarativeNetRequest.getEnabledRulesets();
  const categories: { category: CategoryId; action: 'block' | 'warn' }[] = [];
  for (const id of enabled) {
    const match = /^(.+)_(block|warn)$/.exec(id);
    const category = match?.[1];
    // The illegal feed is never named, not even to say it lists a site.
    if (!match || !isCategoryId(category) || category === 'illegal') continue;
    const index = rulesetIndex(id);
    if (index && (await index).covering(url.hostname) !== undefined) categories.push({ category, action: match[2] as 'block' | 'warn' });
  }
  const neverBlockIndex = enabled.includes(NEVER_BLOCK_RULESET) ? rulesetIndex(NEVER_BLOCK_RULESET) : undefined;
  return siteListings(url.href, {
    policyBlock: profile.blockDomains,
    policyAllow: allowedDomains(profile),
    schoolLists: (await screenedSchoolLists(profile, await readHeldLists(), now)).input,
    lessonAllows: await heldLessonAllowsFor(profile, now),
    categories,
    neverBlock: neverBlockIndex !== undefined && (await neverBlockIndex).covering(url.hostname) !== undefined,
    now,
  });
}
