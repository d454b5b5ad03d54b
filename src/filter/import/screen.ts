/**
 * Which list entries the importer refuses because they would break what
 * schools share (pure). A third-party list is written for a general public;
 * some of its entries block a whole service endpoint that every school uses
 * (UT1's phishing list names `google.com/url`, every Google result click, and
 * `drive.google.com/uc`, every Drive download). Each refusal is reported with
 * its file, line and reason, like every other refused line.
 *
 * The rules, first that applies:
 * 1. YouTube's hosts (youtube.ts) are the policy's to decide: a domain entry
 *    naming one is refused. Path-level entries there are treated like those
 *    on a host of users' documents (rule 4): one video may be blocked.
 * 2. An entry that would stop any address in the critical-endpoint fixture
 *    (critical-endpoints.ts) is refused: a path-level entry always (it
 *    outranks never-block), a domain entry when never-block does not already
 *    keep that address reachable. This is what protects endpoints on hosts
 *    never-block cannot allow whole (never-block cannot hold google.com).
 * 3. A path-level entry under a never-block site (bbc.co.uk, gov.uk,
 *    childline.org.uk) is refused: the school trusts that site whole, as a
 *    domain entry there is removed, and a list naming one of its sections
 *    (bbc.co.uk/games) or pages disagrees with the school.
 * 4. A path-level entry under a never-block host of users' documents
 *    (docs.google.com, sites.google.com, forms.office.com: the never-block
 *    sources marked `userContent`) must name one document (namesOneDocument):
 *    a phishing form there is not the service and stays blocked, above
 *    never-block (bands.ts, categoryPath); an endpoint is refused.
 * Domain entries under a never-block domain are not refused here: the
 * cleaner removes them and reports them as removed by never-block.
 */
import { coveringDomain, hostMatchesDomain, selfAndParents } from '../../shared/domain';
import type { CriticalEndpoint } from '../critical-endpoints';
import { urlFilterMatches } from '../dnr-match';
import { encodedPath } from '../rules/stop-rules';
import { YOUTUBE_POLICY_HOSTS } from '../youtube';

export const REFUSAL_RULES = ['youtube', 'critical-endpoint', 'never-block-site', 'no-document'] as const;
export type RefusalRule = (typeof REFUSAL_RULES)[number];

export interface Refusal {
  rule: RefusalRule;
  reason: string;
}

/** A list entry: a whole domain (no path) or a path-level entry. */
export interface ScreenedEntry {
  host: string;
  path?: string;
}

export type EntryScreen = (entry: ScreenedEntry) => Refusal | undefined;

/** A never-block site is trusted whole; a host of users' documents only as a service. */
export type NeverBlockKind = 'site' | 'user-content';

export interface ScreenInput {
  critical: readonly CriticalEndpoint[];
  /** Every never-block domain, unpruned, with its kind. */
  neverBlock: ReadonlyMap<string, NeverBlockKind>;
}

/**
 * An id a service made (a Drive file id, a form id, a numeric id, a UUID):
 * eight or more of [A-Za-z0-9_-] with a digit or both cases. Lowercase words
 * and slugs (`games`, `responsepage`, `meta-verificarmx`) are not.
 */
const IDENTIFIER = /^(?=[A-Za-z0-9_-]{8,}$)(?=.*\d|.*[a-z].*[A-Z]|.*[A-Z].*[a-z])/;

/**
 * Whether a path-level entry names one document rather than an endpoint:
 * two or more path segments (`/view/some-site`, `/document/d/ID/edit`), an
 * id-like path segment or query value (`/uc?id=1AbC...`, `/watch?v=...`), or
 * an account (`/@name`).
 */
export function namesOneDocument(path: string): boolean {
  const question = path.indexOf('?');
  const pathname = question < 0 ? path : path.slice(0, question);
  const query = question < 0 ? '' : path.slice(question + 1);
  const segments = pathname.split('/').filter((segment) => segment !== '');
  if (segments.length >= 2) return true;
  if (segments.some((segment) => IDENTIFIER.test(segment) || /^@./.test(segment))) return true;
  return query.split('&').some((pair) => IDENTIFIER.test(pair.slice(pair.indexOf('=') + 1)));
}

/** The nearest of `domains` at or above `host`, with its value. */
function nearest<T>(host: string, domains: ReadonlyMap<string, T>): [string, T] | undefined {
  const name = coveringDomain(host, domains);
  return name === undefined ? undefined : [name, domains.get(name)!];
}

export function makeScreen(input: ScreenInput): EntryScreen {
  // Every endpoint under each name that could be a list entry: an entry `D`
  // can only stop endpoints whose host is D or below it.
  const endpointsUnder = new Map<string, CriticalEndpoint[]>();
  for (const endpoint of input.critical) {
    for (const name of selfAndParents(new URL(endpoint.url).hostname)) {
      const list = endpointsUnder.get(name) ?? [];
      list.push(endpoint);
      endpointsUnder.set(name, list);
    }
  }
  const youtube = (host: string) => YOUTUBE_POLICY_HOSTS.some((domain) => hostMatchesDomain(host, domain));
  const critical = (endpoint: CriticalEndpoint): Refusal => ({
    rule: 'critical-endpoint',
    reason: `would block ${endpoint.service} (${endpoint.url}), which schools share: ${endpoint.why}`,
  });

  return (entry) => {
    const candidates = endpointsUnder.get(entry.host) ?? [];
    if (entry.path === undefined) {
      if (youtube(entry.host)) return { rule: 'youtube', reason: 'YouTube is decided by policy (safeSearch.youtube), not by category lists' };
      if (nearest(entry.host, input.neverBlock)) return undefined; // removed by never-block when cleaned
      // Never-block's allow outranks a domain entry (bands.ts), so only endpoints it does not cover count:
      // a list naming mit.edu is kept, since scratch.mit.edu stays reachable through never-block.
      const exposed = candidates.find((endpoint) => !nearest(new URL(endpoint.url).hostname, input.neverBlock));
      return exposed ? critical(exposed) : undefined;
    }
    const path = encodedPath({ host: entry.host, path: entry.path });
    // A path urlFilter cannot express is skipped by the compiler; it stops nothing.
    if (path === undefined) return undefined;
    const stopped = candidates.find((endpoint) => urlFilterMatches(`||${entry.host}${path}`, endpoint.url));
    if (stopped) return critical(stopped);
    const trusted = nearest(entry.host, input.neverBlock);
    if (trusted?.[1] === 'site') {
      return {
        rule: 'never-block-site',
        reason: `under never-block ${trusted[0]}, a site trusted whole: lists may block single pages only on never-block hosts of users' documents`,
      };
    }
    if ((trusted || youtube(entry.host)) && !namesOneDocument(path)) {
      return {
        rule: 'no-document',
        reason: `names no single document on ${trusted ? `${trusted[0]}, a never-block host of users' documents` : 'YouTube'}: a path-level entry there needs two path segments, an id or an account, or it blocks an endpoint everyone uses`,
      };
    }
    return undefined;
  };
}
