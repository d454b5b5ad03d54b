/**
 * The school lists on a device (pure): what the endpoint's reply means here,
 * what is in force at a moment (an entry past its end stops applying on the
 * device's own clock, offline or not), when the next one ends, and what the
 * rules are built from. The adapter is src/background/school-lists/.
 */
import type { UrlEntry } from '../filter/rules/stop-rules';
import { hostMatchesDomain } from '../shared/domain';
import type { Profile } from '../policy/profile';
import { type ListAction, type ListReader, readerKey } from './audience';
import type { SchoolListsReply } from './model';

/** One group of the reply as the device holds it: the end as ms since epoch, null for no end date. */
export interface HeldSchoolList {
  action: ListAction;
  endsAt: number | null;
  domains: string[];
  /** `host/path`, as target.ts writes it. */
  paths: string[];
}

export function heldListsOf(reply: SchoolListsReply): HeldSchoolList[] {
  return reply.lists.map((list) => ({
    action: list.action,
    endsAt: list.endsAt === null ? null : Date.parse(list.endsAt),
    domains: [...list.domains],
    paths: [...list.paths],
  }));
}

/** Half-open like lesson allowlists: an entry ending at 10:00 no longer applies at 10:00. */
export function listsInForce(lists: readonly HeldSchoolList[], now: number): HeldSchoolList[] {
  return lists.filter((list) => list.endsAt === null || list.endsAt > now);
}

/** When the next held entry ends, for the expiry alarm; null when none has an end date still to come. */
export function nextListEnd(lists: readonly HeldSchoolList[], now: number): number | null {
  let soonest: number | null = null;
  for (const list of lists) if (list.endsAt !== null && list.endsAt > now && (soonest === null || list.endsAt < soonest)) soonest = list.endsAt;
  return soonest;
}

/** `host/path` back into the importer's entry: the host never holds a slash. */
export function urlEntryOf(text: string): UrlEntry {
  const slash = text.indexOf('/');
  return { host: text.slice(0, slash), path: text.slice(slash) };
}

/** What the rules are built from: everything in force, merged by action, each value once, sorted. */
export interface SchoolListRuleInput {
  blockDomains: string[];
  blockPaths: UrlEntry[];
  allowDomains: string[];
  allowPaths: UrlEntry[];
  /** Listed subdomains of allowed domains in a locked category: they stay blocked (screen.ts). */
  allowExcluded: string[];
}

export const NO_SCHOOL_LISTS: SchoolListRuleInput = { blockDomains: [], blockPaths: [], allowDomains: [], allowPaths: [], allowExcluded: [] };

export function ruleInputOf(lists: readonly HeldSchoolList[], now: number): SchoolListRuleInput {
  const sets = { block: { domains: new Set<string>(), paths: new Set<string>() }, allow: { domains: new Set<string>(), paths: new Set<string>() } };
  for (const list of listsInForce(lists, now)) {
    for (const domain of list.domains) sets[list.action].domains.add(domain);
    for (const path of list.paths) sets[list.action].paths.add(path);
  }
  const sorted = (values: Set<string>) => [...values].sort();
  return {
    blockDomains: sorted(sets.block.domains),
    blockPaths: sorted(sets.block.paths).map(urlEntryOf),
    allowDomains: sorted(sets.allow.domains),
    allowPaths: sorted(sets.allow.paths).map(urlEntryOf),
    allowExcluded: [],
  };
}

/**
 * Whether an in-force entry of this action covers the address, as Chrome's
 * rules match it: a domain entry covers the host and its subdomains (an
 * allowed domain's locked subdomain excepted), an address entry
 * (`||host/path`) covers addresses on that host or below it that start with it.
 */
export function listCovers(input: SchoolListRuleInput, action: ListAction, address: string): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  const host = url.hostname;
  const [domains, paths] = action === 'block' ? [input.blockDomains, input.blockPaths] : [input.allowDomains, input.allowPaths];
  if (action === 'allow' && input.allowExcluded.some((excluded) => hostMatchesDomain(host, excluded))) return false;
  if (domains.some((domain) => hostMatchesDomain(host, domain))) return true;
  const rest = `${url.pathname}${url.search}`;
  return paths.some((entry) => hostMatchesDomain(host, entry.host) && rest.startsWith(entry.path));
}

export interface SchoolListSummary {
  blockDomains: number;
  blockPaths: number;
  allowDomains: number;
  allowPaths: number;
  /** The soonest end date still to come; null when nothing held has one. */
  nextEnd: number | null;
}

/** What the rules hold (`applied`: in force, for this reader, screened) and when the next held entry ends. */
export function summaryOf(applied: SchoolListRuleInput, held: readonly HeldSchoolList[], now: number): SchoolListSummary {
  return {
    blockDomains: applied.blockDomains.length,
    blockPaths: applied.blockPaths.length,
    allowDomains: applied.allowDomains.length,
    allowPaths: applied.allowPaths.length,
    nextEnd: nextListEnd(held, now),
  };
}

/** Who this device asks as: its profile's role and, for a pupil, year group (null when unknown: strictest). */
export function readerOf(profile: Pick<Profile, 'role' | 'yearGroup'>): ListReader {
  return { role: profile.role, yearGroup: profile.role === 'pupil' ? profile.yearGroup : null };
}

/**
 * The held lists to apply for this profile. Lists fetched for another reader
 * (the policy moved this device to another year group or role, and the
 * endpoint has not answered since) keep only their blocks until it does: a
 * Year 9 allow must not open a site for a Year 3 pupil, and a block never
 * opens anything.
 */
export function listsForReader(lists: readonly HeldSchoolList[], fetchedFor: string | null, profile: Pick<Profile, 'role' | 'yearGroup'>): HeldSchoolList[] {
  if (fetchedFor === readerKey(readerOf(profile))) return [...lists];
  return lists.filter((list) => list.action === 'block');
}
