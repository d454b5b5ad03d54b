/**
 * Which domains no lesson allowlist may open. The extension refuses locked
 * categories from its own lists; the endpoint has no lists, so it checks the
 * school's `lockedDomains` and, when one is supplied, a `categoriesOf` lookup
 * (a future list service) against `lockedCategories`. Both ends refuse, so a
 * modified client cannot open an illegal site for a class.
 */
import type { CategoryId } from '../../../src/shared/categories';
import { hostMatchesDomain } from '../../../src/shared/domain';

/** The categories a domain is listed in. */
export type CategoriesOf = (domain: string) => readonly CategoryId[];

/** Why a domain may not be opened, or null when it may. */
export type LockCheck = (domain: string) => string | null;

export function lockCheck(lockedDomains: readonly string[], lockedCategories: readonly CategoryId[], categoriesOf?: CategoriesOf): LockCheck {
  return (domain) => {
    for (const locked of lockedDomains) {
      if (hostMatchesDomain(domain, locked)) return `${domain} is on the school's locked list (${locked})`;
      // Opening a parent opens its subdomains too (DNR requestDomains), locked ones included.
      if (hostMatchesDomain(locked, domain)) return `${domain} would also open ${locked}, which is locked`;
    }
    const category = categoriesOf?.(domain).find((id) => lockedCategories.includes(id));
    return category ? `${domain} is in the ${category} category, which teachers may not open` : null;
  };
}
