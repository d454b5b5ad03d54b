/**
 * Which domains no lesson allowlist may open: the school's `lockedDomains`,
 * and anything the locked categories' lists cover (category-lists.ts). The
 * extension refuses locked categories too; both ends refuse, so a modified
 * client cannot open an illegal site for a class.
 */
import { hostMatchesDomain } from '../../../src/shared/domain';
import type { LockedCategoryList } from './category-lists';

/** Why a domain may not be opened, or null when it may. */
export type LockCheck = (domain: string) => string | null;

export function lockCheck(lockedDomains: readonly string[], lockedLists: readonly LockedCategoryList[]): LockCheck {
  return (domain) => {
    for (const locked of lockedDomains) {
      if (hostMatchesDomain(domain, locked)) return `${domain} is on the school's locked list (${locked})`;
      // Opening a parent opens its subdomains too (DNR requestDomains), locked ones included.
      if (hostMatchesDomain(locked, domain)) return `${domain} would also open ${locked}, which is locked`;
    }
    // Only the domain itself or a parent being listed counts. A listed subdomain does not refuse its parent:
    // the extension keeps listed subdomains blocked under a lesson allowlist itself.
    for (const { category, index } of lockedLists) {
      const listed = index.covering(domain);
      if (listed === domain) return `${domain} is in the ${category} category, which teachers may not open`;
      if (listed) return `${domain} is in the ${category} category (as part of ${listed}), which teachers may not open`;
    }
    return null;
  };
}
