/**
 * Which of the filter's lists name an address, in order of authority
 * (bands.ts), so the status page can say which list stops or opens a site and
 * where to change it: the policy's lists are changed in the Google Admin
 * console, the dashboard's on the school endpoint. Pure: the worker passes
 * what it holds. The illegal feed is never named here (its addresses are not
 * echoed anywhere: stop-rules.ts `carriesAddress`).
 */
import type { CategoryId } from '../shared/categories';
import { hostMatchesDomain } from '../shared/domain';
import { listCovers, type SchoolListRuleInput } from '../school-lists/device-lists';
import type { LessonAllow } from './plan';

export type SiteListing =
  | { list: 'policy-block' }
  | { list: 'dashboard-block' }
  | { list: 'lesson-allow' }
  | { list: 'dashboard-allow' }
  | { list: 'policy-allow' }
  | { list: 'never-block' }
  | { list: 'category'; category: CategoryId; action: 'block' | 'warn' };

export interface SiteFacts {
  policyBlock: readonly string[];
  /** allowDomains and the approved AI tools that apply (plan.ts allowedDomains). */
  policyAllow: readonly string[];
  schoolLists: SchoolListRuleInput;
  lessonAllows: readonly LessonAllow[];
  /** The enabled category rulesets that name the host (their lists are domain indexes). */
  categories: readonly { category: CategoryId; action: 'block' | 'warn' }[];
  /** The never-block list names the host. */
  neverBlock: boolean;
  now: number;
}

export function siteListings(address: string, facts: SiteFacts): SiteListing[] {
  let host: string;
  try {
    host = new URL(address).hostname;
  } catch {
    return [];
  }
  const covers = (domains: readonly string[]) => domains.some((domain) => hostMatchesDomain(host, domain));
  const listings: SiteListing[] = [];
  if (covers(facts.policyBlock)) listings.push({ list: 'policy-block' });
  if (listCovers(facts.schoolLists, 'block', address)) listings.push({ list: 'dashboard-block' });
  const lesson = facts.lessonAllows.some(
    (allow) => allow.expiresAt > facts.now && covers(allow.domains) && !(allow.excludedDomains ?? []).some((excluded) => hostMatchesDomain(host, excluded)),
  );
  if (lesson) listings.push({ list: 'lesson-allow' });
  if (listCovers(facts.schoolLists, 'allow', address)) listings.push({ list: 'dashboard-allow' });
  if (covers(facts.policyAllow)) listings.push({ list: 'policy-allow' });
  if (facts.neverBlock) listings.push({ list: 'never-block' });
  for (const { category, action } of [...facts.categories].sort((a, b) => (a.action === b.action ? 0 : a.action === 'block' ? -1 : 1))) {
    listings.push({ list: 'category', category, action });
  }
  return listings;
}

/** What a listing means, in the IT Lead's words: the first one that applies decides (bands.ts), the rest are overruled. */
export function listingWords(listing: SiteListing): string {
  switch (listing.list) {
    case 'policy-block':
      return "blocked by your school's list: blockDomains in the policy (Google Admin console)";
    case 'dashboard-block':
      return "blocked by your school's list: the block list on the dashboard (school endpoint)";
    case 'lesson-allow':
      return "opened by a teacher's lesson allowlist";
    case 'dashboard-allow':
      return "allowed by your school's list: the allow list on the dashboard (school endpoint)";
    case 'policy-allow':
      return "allowed by your school's list: allowDomains or approvedAiTools in the policy (Google Admin console)";
    case 'never-block':
      return 'on the never-block list of education and safeguarding sites';
    case 'category':
      return `${listing.action === 'block' ? 'blocked' : 'warned'} as ${listing.category}`;
  }
}
