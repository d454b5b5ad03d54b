/**
 * Which domains no lesson allowlist may open: the school's `lockedDomains`,
 * and anything the locked categories' lists cover (category-lists.ts). The
 * extension refuses locked categories too; both ends refuse, so a modified
 * client cannot open an illegal site for a class.
 */
import { lockedListing, type LockedList } from '../../../src/overrides/locked-listing';
import { hostMatchesDomain } from '../../../src/shared/domain';
import type { LockedCategoryList } from './category-lists';

/** Why a domain may not be opened, or null when it may. */
export type LockCheck = (domain: string) => string | null;

/** Whose opening is refused, for the words: a teacher's lesson allowlist, or an allow on the school's own list. */
export type LockCheckFor = 'lesson' | 'school-list';

const NOT_OPENED_BY: Record<LockCheckFor, string> = {
  lesson: 'which teachers may not open',
  'school-list': 'which the school has locked: nothing opens it, the school\'s allow list included',
};

export function lockCheck(lockedDomains: readonly string[], lockedCategoryLists: readonly LockedCategoryList[], checkFor: LockCheckFor = 'lesson'): LockCheck {
  const notOpened = NOT_OPENED_BY[checkFor];
  const lists: LockedList[] = lockedCategoryLists.map(({ category, index }) => ({
    category,
    covering: (host) => index.covering(host),
    under: (domain) => index.under(domain),
  }));
  return (domain) => {
    for (const locked of lockedDomains) {
      if (hostMatchesDomain(domain, locked)) return `${domain} is on the school's locked list (${locked})`;
      // Opening a parent opens its subdomains too (DNR requestDomains), locked ones included.
      if (hostMatchesDomain(locked, domain)) return `${domain} would also open ${locked}, which is locked`;
    }
    // The same rule as the teacher's panel and pupils' devices (locked-listing.ts): a listed subdomain does
    // not refuse its parent, since devices keep it blocked under the allowlist.
    const locked = lockedListing(domain, lists);
    if (!locked) return null;
    const { category, listed } = locked;
    return listed === domain ? `${domain} is in the ${category} category, ${notOpened}` : `${domain} is in the ${category} category (as part of ${listed}), ${notOpened}`;
  };
}
