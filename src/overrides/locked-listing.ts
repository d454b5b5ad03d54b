/**
 * The one rule, for both ends, of when a locked category's list stops a
 * lesson allowlist from opening a domain: the teacher's panel refuses it on
 * submit, the endpoint refuses it with a 422, and pupils' devices screen it
 * out of whatever the endpoint sends (pure; the lists are passed in).
 *
 * Only the domain itself or a parent being listed counts (as DNR's
 * requestDomains matches: opening a listed parent's subdomain would open a
 * listed site). A listed site *below* the domain does not refuse it: pupils'
 * devices open the domain with that subdomain excluded.
 */

/** A locked category's listed domains, as DomainIndex answers. */
export interface LockedList {
  category: string;
  covering(host: string): string | undefined;
  under(domain: string): string[];
}

export interface LockedListing {
  category: string;
  /** The listed domain that covers it: the domain itself, or a parent. */
  listed: string;
}

/** The first list (in the order given) that locks `domain`, or null when none does. */
export function lockedListing(domain: string, lists: readonly LockedList[]): LockedListing | null {
  for (const list of lists) {
    const listed = list.covering(domain);
    if (listed !== undefined) return { category: list.category, listed };
  }
  return null;
}
