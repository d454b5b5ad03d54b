/**
 * Domains no lesson allowlist may open because the extension's own lists put
 * them in a category the school locked (`adult` and `malware` by default;
 * `illegal` is left to its band, see below). A teacher learns of it here, on
 * submit, rather than finding the site still blocked for the class: pupils'
 * devices screen the same lists out (src/overrides/locked-screen.ts) and the
 * endpoint refuses them too. Pure: the worker passes the lists.
 *
 * Only the domain itself or a parent being listed refuses it. A listed site
 * *below* a domain does not: pupils' devices open the domain with that
 * subdomain excluded, as the endpoint also decides.
 */
import { categoryLabel } from '../filter/catalogue';
import { type CategoryId, isCategoryId } from '../shared/categories';
import type { LockedList } from './locked-screen';
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
    for (const list of lists) {
      const covering = list.covering(domain);
      if (!covering) continue;
      const message = covering === domain ? `${domain} is ${listedAs(list.category)}.` : `${domain} is part of ${covering}, ${listedAs(list.category)}.`;
      issues.push({ path: `domains.${rows[index] ?? index}`, message });
      return;
    }
  });
  return issues;
}
