/**
 * The pupil's device never opens a locked category for a lesson, whatever the
 * endpoint sends (an old endpoint, a mistake in its lists, a forged reply):
 * a lesson allow outranks every category rule (bands.ts), so this is the only
 * place that keeps `adult` shut under it. `illegal` and the admin's block list
 * sit above the lesson band and need no screening.
 */
import type { LessonAllow } from '../filter/plan';
import { lockedListing, type LockedList } from './locked-listing';

export type { LockedList } from './locked-listing';

export interface Refusal {
  allowId: string;
  domain: string;
  category: string;
}

export interface ScreenedAllows {
  allows: LessonAllow[];
  refused: Refusal[];
}

/**
 * Drops every domain a locked list covers (itself or a parent); keeps a domain
 * with locked subdomains, excluding those. An allowlist left with no domain is dropped.
 */
export function screenLockedDomains(allows: readonly LessonAllow[], lists: readonly LockedList[]): ScreenedAllows {
  const refused: Refusal[] = [];
  const screened: LessonAllow[] = [];
  for (const allow of allows) {
    const domains: string[] = [];
    const excluded = new Set(allow.excludedDomains ?? []);
    for (const domain of allow.domains) {
      const lockedBy = lockedListing(domain, lists);
      if (lockedBy) {
        refused.push({ allowId: allow.id, domain, category: lockedBy.category });
        continue;
      }
      domains.push(domain);
      for (const list of lists) for (const sub of list.under(domain)) excluded.add(sub);
    }
    if (domains.length === 0) continue;
    screened.push({ ...allow, domains, ...(excluded.size > 0 ? { excludedDomains: [...excluded].sort() } : {}) });
  }
  return { allows: screened, refused };
}
