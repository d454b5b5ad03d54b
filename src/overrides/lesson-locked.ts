/**
 * Domains no lesson allowlist may open because the extension's own lists put
 * them in a category the school locked (`adult` and `malware` by default;
 * `illegal` is left to its band, see below). A teacher learns of it here, on
 * submit, rather than finding the site still blocked for the class: pupils'
 * devices screen the same lists out (src/overrides/locked-screen.ts) and the
 * endpoint refuses them too. Pure: the worker passes the lists.
 *
 * When a list refuses a domain is decided in locked-listing.ts, the rule the
 * endpoint and pupils' devices apply too.
 */
import { categoryLabel } from '../filter/catalogue';
import { type CategoryId, isCategoryId } from '../shared/categories';
import { lockedListing, type LockedList } from './locked-listing';
import type { RefusalIssue } from './panel';

/**
 * The locked categories the extension checks itself. Not `illegal`: the feed
 * sits in the highest band, so no allowlist can open it whatever is stored,
 * and naming a feed entry to a teacher ("x is listed as illegal") would echo
 * the feed, which the project never does (its URL-level entries would also
 * refuse whole hosts for one address).
 */
export function categoriesToCheck(locked: readonly CategoryId[]): CategoryId[] {
  return locked.filter((category) => category !== 'illegal');
}

function listedAs(category: string): string {
  const name = isCategoryId(category) ? categoryLabel(category, 'adult') : category;
  return `listed as "${name}", which the school does not let teachers open`;
}

/** One issue per refused domain, at `domains.ROW` (`rows[i]` is the form row of `domains[i]`), in the order typed. */
export function lockedDomainIssues(domains: readonly string[], rows: readonly number[], lists: readonly LockedList[]): RefusalIssue[] {
  const issues: RefusalIssue[] = [];
  domains.forEach((domain, index) => {
    const locked = lockedListing(domain, lists);
    if (!locked) return;
    const { category, listed } = locked;
    const message = listed === domain ? `${domain} is ${listedAs(category)}.` : `${domain} is part of ${listed}, ${listedAs(category)}.`;
    issues.push({ path: `domains.${rows[index] ?? index}`, message });
  });
  return issues;
}
