/**
 * One category's raw entries into the list the rules are compiled from:
 * deduplicated, without subdomains a parent already covers (DNR
 * `requestDomains` matches subdomains anyway, and every entry costs memory in
 * Chrome), and without anything the school has said must never be blocked.
 */
import type { CategoryId } from '../../shared/categories';
import { coveringDomain, coveringParent } from '../../shared/domain';
import type { CategoryList, CategoryStats, NeverBlockRemoval, UrlEntry } from './types';

// The licensed illegal feed outranks every allow, never-block included
// (rules/lists/never-block.txt says so): removing an IWF address because it is
// hosted on an education site would quietly unblock abuse material.
const NEVER_BLOCK_EXEMPT: ReadonlySet<CategoryId> = new Set(['illegal']);

export interface ShadowNote {
  category: CategoryId;
  /** A category domain that is a parent of a never-block domain. */
  domain: string;
  neverBlock: string;
}

export interface CleanedCategory {
  list: CategoryList;
  removals: NeverBlockRemoval[];
  /** Kept: runtime allow rules for the never-block domain outrank the category. */
  shadowing: ShadowNote[];
  /** Entries under a never-block domain kept because the category outranks never-block. */
  keptDespiteNeverBlock: NeverBlockRemoval[];
  counts: Pick<CategoryStats, 'duplicates' | 'subdomainsPruned' | 'urlsCovered' | 'removedByNeverBlock' | 'finalDomains' | 'finalUrls'>;
}

export interface RawCategory {
  domains: readonly string[];
  urls: readonly UrlEntry[];
}

// Shared with the DNR model and the importer's screen (one truth for "covered by a listed domain").
export { coveringDomain, coveringParent } from '../../shared/domain';

/** Deduplicated and sorted, with every domain a parent in the list covers dropped. */
export function pruneDomains(domains: readonly string[]): { domains: string[]; duplicates: number; pruned: number } {
  const unique = new Set(domains);
  const kept: string[] = [];
  // A set lookup per parent label is linear in the list, where comparing
  // neighbours would need a sort by reversed labels first.
  for (const domain of unique) if (coveringParent(domain, unique) === undefined) kept.push(domain);
  return { domains: kept.sort(), duplicates: domains.length - unique.size, pruned: unique.size - kept.length };
}

export function cleanCategory(category: CategoryId, raw: RawCategory, neverBlock: ReadonlySet<string>): CleanedCategory {
  const pruned = pruneDomains(raw.domains);
  const domainSet = new Set(pruned.domains);

  const urlsByKey = new Map<string, UrlEntry>();
  let urlsCovered = 0;
  for (const url of raw.urls) {
    const key = `${url.host}${url.path}`;
    if (urlsByKey.has(key)) continue;
    if (coveringDomain(url.host, domainSet) !== undefined) urlsCovered++;
    urlsByKey.set(key, url);
  }
  const duplicateUrls = raw.urls.length - urlsByKey.size;
  const urls = [...urlsByKey.values()].filter((url) => coveringDomain(url.host, domainSet) === undefined);

  const exempt = NEVER_BLOCK_EXEMPT.has(category);
  const underNeverBlock: NeverBlockRemoval[] = [];
  const keptUnderNeverBlock: NeverBlockRemoval[] = [];
  const domains = pruned.domains.filter((domain) => {
    const match = coveringDomain(domain, neverBlock);
    if (match === undefined) return true;
    (exempt ? keptUnderNeverBlock : underNeverBlock).push({ category, domain, neverBlock: match });
    return exempt;
  });
  // Path-level entries under never-block left by the importer's screen
  // (import/screen.ts) name one document on a host of users' documents (a
  // phishing form on docs.google.com), not the education service: they are
  // kept, and compiled above never-block when their category blocks (bands.ts,
  // categoryPath).
  const finalUrls = urls.sort(compareUrls);
  for (const url of finalUrls) {
    const match = coveringDomain(url.host, neverBlock);
    if (match !== undefined) keptUnderNeverBlock.push({ category, domain: `${url.host}${url.path}`, neverBlock: match });
  }

  const shadowing: ShadowNote[] = [];
  for (const allowed of [...neverBlock].sort()) {
    const parent = coveringParent(allowed, domainSet);
    const parentRemoved = parent !== undefined && !exempt && coveringDomain(parent, neverBlock) !== undefined;
    if (parent !== undefined && !parentRemoved) shadowing.push({ category, domain: parent, neverBlock: allowed });
  }

  return {
    list: { domains, urls: finalUrls },
    removals: underNeverBlock,
    shadowing,
    keptDespiteNeverBlock: keptUnderNeverBlock,
    counts: {
      duplicates: pruned.duplicates + duplicateUrls,
      subdomainsPruned: pruned.pruned,
      urlsCovered,
      removedByNeverBlock: underNeverBlock.length,
      finalDomains: domains.length,
      finalUrls: finalUrls.length,
    },
  };
}

function compareUrls(a: UrlEntry, b: UrlEntry): number {
  if (a.host !== b.host) return a.host < b.host ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
