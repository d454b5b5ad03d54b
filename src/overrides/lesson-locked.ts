/**
 * Domains no lesson allowlist may open because the extension's own lists put
 * them in a category the school locked (`adult` and `malware` by default;
 * `illegal` is left to its band, see below). The endpoint has no category
 * lists (src/overrides/model.ts), so
 * this is where a teacher learns of it; the endpoint still refuses its own
 * `lockedDomains`. Pure: the worker passes the indexes of the locked
 * categories' rulesets.
 */
import type { DomainIndex } from '../filter/domain-index';
import { categoryLabel } from '../filter/catalogue';
import type { CategoryId } from '../shared/categories';
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

export interface LockedList {
  category: CategoryId;
  index: DomainIndex;
}

function listedAs(category: CategoryId): string {
  return `listed as "${categoryLabel(category, 'adult')}", which the school does not let teachers open`;
}

/**
 * One issue per refused domain, at `domains.ROW`. A domain is refused when it
 * or a parent is listed, and also when a listed site lies below it: an
 * allowlist for a domain opens all its subdomains.
 */
export function lockedDomainIssues(domains: readonly string[], rows: readonly number[], lists: readonly LockedList[]): RefusalIssue[] {
  const issues: RefusalIssue[] = [];
  const refused = new Set<string>();
  const refuse = (domain: string, message: string) => {
    if (refused.has(domain)) return;
    refused.add(domain);
    issues.push({ path: `domains.${rows[domains.indexOf(domain)] ?? domains.indexOf(domain)}`, message });
  };
  for (const { category, index } of lists) {
    for (const domain of domains) {
      const covering = index.covering(domain);
      if (!covering) continue;
      refuse(domain, covering === domain ? `${domain} is ${listedAs(category)}.` : `${domain} is part of ${covering}, ${listedAs(category)}.`);
    }
  }
  for (const { category, index } of lists) {
    const open = domains.filter((domain) => !refused.has(domain));
    for (const [domain, below] of index.listedBelow(open)) {
      refuse(domain, `${domain} would also open ${below}, ${listedAs(category)}. Name the exact site the lesson needs instead.`);
    }
  }
  // In the order the teacher typed them.
  return issues.sort((a, b) => Number(a.path.split('.')[1]) - Number(b.path.split('.')[1]));
}
