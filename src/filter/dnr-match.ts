/**
 * A small, pure model of how Chrome's declarativeNetRequest decides what
 * happens to one request, for the rule shapes this project writes
 * (../shared/CHROMIUM-NOTES.md): requestDomains / excludedRequestDomains with
 * subdomain matching, urlFilter (`||host/path` prefixes, plain substrings),
 * regexFilter, resourceTypes, priorities, and allow / allowAllRequests /
 * block / redirect / modifyHeaders outcomes.
 *
 * Used where the build must know what its rules will do without a browser:
 * the importer's check that no entry stops a critical endpoint, the over-block
 * audit, and the tests that evaluate every profile's rules against the
 * critical-endpoint fixture. The e2e tests check the same answers in real
 * Chromium. A condition this model does not know throws, so it never judges a
 * rule it cannot read.
 */
import { coveringDomain, selfAndParents } from '../shared/domain';

type Rule = chrome.declarativeNetRequest.Rule;
type ResourceType = `${chrome.declarativeNetRequest.ResourceType}`;

export interface DnrRequest {
  url: string;
  type: ResourceType;
}

/** The parts of a request every rule looks at, worked out once. */
export interface PreparedRequest {
  /** As Chrome matches it: canonical, without the fragment (which never reaches the network). */
  url: string;
  host: string;
  type: ResourceType;
}

const KNOWN_CONDITION_KEYS = new Set([
  'urlFilter', 'regexFilter', 'isUrlFilterCaseSensitive', 'requestDomains', 'excludedRequestDomains', 'resourceTypes', 'excludedResourceTypes',
]);

function prepare(request: DnrRequest): PreparedRequest {
  const parsed = new URL(request.url);
  parsed.hash = '';
  return { url: parsed.href, host: parsed.hostname, type: request.type };
}

/** True when `host` or one of its parents is in `domains`, as requestDomains matches. */
function hostInDomains(host: string, domains: ReadonlySet<string>): boolean {
  return coveringDomain(host, domains) !== undefined;
}

const filterCache = new Map<string, RegExp>();

/**
 * A urlFilter as Chrome reads it: `||` anchors at the start of the host or
 * at a label boundary in it, `|` at the start or end of the URL, `*` is any
 * run of characters, `^` a separator (anything but a letter, digit or
 * `_ - . %`) or the end; everything else is literal and, by default,
 * case-insensitive.
 */
export function urlFilterMatches(filter: string, url: string, caseSensitive = false): boolean {
  const key = `${caseSensitive ? 'S' : 'I'}${filter}`;
  let regex = filterCache.get(key);
  if (!regex) {
    regex = new RegExp(urlFilterSource(filter), caseSensitive ? '' : 'i');
    filterCache.set(key, regex);
  }
  return regex.test(url);
}

function urlFilterSource(filter: string): string {
  let rest = filter;
  let start = '';
  if (rest.startsWith('||')) {
    // Scheme, optional user info, then any whole labels before the anchor.
    start = '^[a-z][a-z0-9+.-]*:(?://)?(?:[^/?#@]*@)?(?:[^/?#:]*\\.)?';
    rest = rest.slice(2);
  } else if (rest.startsWith('|')) {
    start = '^';
    rest = rest.slice(1);
  }
  let end = '';
  if (rest.endsWith('|')) {
    end = '$';
    rest = rest.slice(0, -1);
  }
  const body = [...rest]
    .map((char) => (char === '*' ? '.*' : char === '^' ? '(?:[^A-Za-z0-9_.%-]|$)' : char.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')))
    .join('');
  return `${start}${body}${end}`;
}

/**
 * The host a `||host/...` filter is anchored to, when the filter can only
 * match that host and its subdomains (the host part ends at `/`, `?`, `:` or
 * `^`); undefined otherwise (`||goo` would also match google.com).
 */
export function anchoredHost(filter: string): string | undefined {
  if (!filter.startsWith('||')) return undefined;
  const match = /^\|\|([a-z0-9.-]+)[/?:^]/i.exec(filter);
  return match ? match[1]!.toLowerCase() : undefined;
}

/** A rule with its domain lists as sets, so million-domain rules cost a lookup per label. */
interface IndexedRule {
  rule: Rule;
  source: string;
  domains?: Set<string>;
  excluded?: Set<string>;
  regex?: RegExp;
}

// A category's redirect and block rules share one requestDomains array when
// compiled in-process: one Set for both (a million domains cost ~100 ms each).
const domainSets = new WeakMap<readonly string[], Set<string>>();

function domainSet(domains: readonly string[]): Set<string> {
  let set = domainSets.get(domains);
  if (!set) {
    set = new Set(domains);
    domainSets.set(domains, set);
  }
  return set;
}

function indexRule(rule: Rule, source: string): IndexedRule {
  const condition = rule.condition as Record<string, unknown>;
  for (const key of Object.keys(condition)) {
    if (!KNOWN_CONDITION_KEYS.has(key)) throw new Error(`${source}: rule ${rule.id}: condition "${key}" is not modelled by dnr-match.ts`);
  }
  const c = rule.condition;
  const indexed: IndexedRule = { rule, source };
  if (c.requestDomains) indexed.domains = domainSet(c.requestDomains);
  if (c.excludedRequestDomains) indexed.excluded = domainSet(c.excludedRequestDomains);
  if (c.regexFilter) indexed.regex = new RegExp(c.regexFilter, c.isUrlFilterCaseSensitive ? '' : 'i');
  return indexed;
}

function conditionMatches(indexed: IndexedRule, request: PreparedRequest): boolean {
  const c = indexed.rule.condition;
  // A rule without resourceTypes applies to everything except main_frame (CHROMIUM-NOTES.md).
  if (c.resourceTypes ? !c.resourceTypes.includes(request.type as never) : request.type === 'main_frame') return false;
  if (c.excludedResourceTypes?.includes(request.type as never)) return false;
  if (indexed.domains && !hostInDomains(request.host, indexed.domains)) return false;
  if (indexed.excluded && hostInDomains(request.host, indexed.excluded)) return false;
  if (c.urlFilter !== undefined && !urlFilterMatches(c.urlFilter, request.url, c.isUrlFilterCaseSensitive ?? false)) return false;
  if (indexed.regex && !indexed.regex.test(request.url)) return false;
  return true;
}

/**
 * The rules of one ruleset (or the dynamic rules), indexed so a request only
 * looks at rules that could match it: `||host/` rules by their host, the rest
 * (domain-packed rules, plain filters) one by one.
 */
export class RuleIndex {
  private readonly byHost = new Map<string, IndexedRule[]>();
  private readonly other: IndexedRule[] = [];
  /** The requestDomains sets of the unanchored rules; undefined when one has none (then any host may match). */
  private otherDomains: Set<string>[] | undefined = [];
  readonly size: number;

  constructor(rules: readonly Rule[], readonly source: string) {
    for (const rule of rules) {
      const indexed = indexRule(rule, source);
      const host = rule.condition.urlFilter === undefined ? undefined : anchoredHost(rule.condition.urlFilter);
      if (host === undefined) {
        this.other.push(indexed);
        if (!indexed.domains) this.otherDomains = undefined;
        else if (this.otherDomains && !this.otherDomains.includes(indexed.domains)) this.otherDomains.push(indexed.domains);
        continue;
      }
      const list = this.byHost.get(host) ?? [];
      list.push(indexed);
      this.byHost.set(host, list);
    }
    this.size = rules.length;
  }

  /** False when no rule here can match a request to `host`: a quick skip for audits over many sites. */
  couldMatch(host: string): boolean {
    if (!this.otherDomains || this.otherDomains.some((domains) => hostInDomains(host, domains))) return true;
    return coveringDomain(host, this.byHost) !== undefined;
  }

  /** Every rule here whose condition matches the (prepared) request. */
  matching(request: PreparedRequest): IndexedRule[] {
    const found = this.other.filter((indexed) => conditionMatches(indexed, request));
    for (const host of selfAndParents(request.host)) {
      for (const indexed of this.byHost.get(host) ?? []) if (conditionMatches(indexed, request)) found.push(indexed);
    }
    return found;
  }
}

/** DNR's order for rules of equal priority (Chrome docs, "Rule priorities"). */
const ACTION_ORDER: Record<string, number> = { allow: 0, allowAllRequests: 1, block: 2, upgradeScheme: 3, redirect: 4 };

export interface DnrOutcome {
  /** What happens to the request: `none` when no rule decides it. */
  action: 'none' | 'allow' | 'block' | 'redirect';
  /** The deciding rule and where it came from (ruleset id or `dynamic`). */
  rule?: Rule;
  source?: string;
  /** For a redirect: where to. */
  redirectUrl?: string;
  /** Request headers set by modifyHeaders rules that still apply. */
  headers: Record<string, string>;
}

/** Decides one request against every enabled ruleset and the dynamic rules, highest priority first. */
export function decide(indexes: readonly RuleIndex[], request: DnrRequest): DnrOutcome {
  const prepared = prepare(request);
  const matches = indexes.flatMap((index) => index.matching(prepared));
  const deciding = matches
    .filter((m) => m.rule.action.type in ACTION_ORDER)
    .sort((a, b) => (b.rule.priority ?? 1) - (a.rule.priority ?? 1) || ACTION_ORDER[a.rule.action.type]! - ACTION_ORDER[b.rule.action.type]!);

  let outcome: DnrOutcome = { action: 'none', headers: {} };
  for (const candidate of deciding) {
    const type = candidate.rule.action.type;
    if (type === 'allow' || type === 'allowAllRequests') {
      outcome = { action: 'allow', rule: candidate.rule, source: candidate.source, headers: {} };
      break;
    }
    if (type === 'block') {
      outcome = { action: 'block', rule: candidate.rule, source: candidate.source, headers: {} };
      break;
    }
    if (type === 'redirect') {
      const target = redirectTarget(candidate.rule, prepared.url);
      // A redirect that would not change the address is not made (safe search on a URL that already has its parameter).
      if (target === prepared.url) continue;
      return { action: 'redirect', rule: candidate.rule, source: candidate.source, redirectUrl: target, headers: {} };
    }
    throw new Error(`${candidate.source}: rule ${candidate.rule.id}: action "${type}" is not modelled by dnr-match.ts`);
  }
  if (outcome.action === 'block') return outcome;
  // modifyHeaders applies unless an allow of equal or higher priority decided the request.
  const floor = outcome.action === 'allow' ? (outcome.rule!.priority ?? 1) : -Infinity;
  const headerRules = matches
    .filter((m) => m.rule.action.type === 'modifyHeaders' && (m.rule.priority ?? 1) > floor)
    .sort((a, b) => (b.rule.priority ?? 1) - (a.rule.priority ?? 1));
  for (const { rule } of headerRules) {
    for (const header of rule.action.requestHeaders ?? []) {
      const name = header.header.toLowerCase();
      // The highest-priority rule's header wins; lower rules cannot overwrite it.
      if (header.operation === 'set' && !(name in outcome.headers)) outcome.headers[name] = header.value ?? '';
    }
  }
  return outcome;
}

function redirectTarget(rule: Rule, url: string): string {
  const redirect = rule.action.redirect ?? {};
  if (redirect.url) return redirect.url;
  if (redirect.extensionPath) return `chrome-extension://EXTENSION${redirect.extensionPath}`;
  if (redirect.regexSubstitution !== undefined) {
    const regex = new RegExp(rule.condition.regexFilter ?? '', rule.condition.isUrlFilterCaseSensitive ? '' : 'i');
    const match = regex.exec(url);
    if (!match) return url;
    // \0 is the whole match, \1-\9 the groups.
    const substituted = redirect.regexSubstitution.replace(/\\(\d)/g, (_, digit: string) => match[Number(digit)] ?? '');
    return url.slice(0, match.index) + substituted + url.slice(match.index + match[0].length);
  }
  if (redirect.transform) {
    const next = new URL(url);
    for (const { key, value } of redirect.transform.queryTransform?.addOrReplaceParams ?? []) next.searchParams.set(key, value);
    for (const key of redirect.transform.queryTransform?.removeParams ?? []) next.searchParams.delete(key);
    const keys = Object.keys(redirect.transform).filter((key) => key !== 'queryTransform');
    if (keys.length > 0) throw new Error(`rule ${rule.id}: transform ${keys.join(', ')} is not modelled by dnr-match.ts`);
    return next.href;
  }
  throw new Error(`rule ${rule.id}: redirect without a target`);
}

export interface Landing {
  /** The site itself, or one of our pages. */
  where: 'site' | 'stopped';
  /** Where the navigation ended: the final address, or the redirect target (extension page) or `blocked`. */
  url: string;
  outcome: DnrOutcome;
  /** Request headers the last hop carried. */
  headers: Record<string, string>;
}

const MAX_HOPS = 5;

/**
 * Where a navigation (or any request) ends up: redirects to http(s)
 * addresses (safe search) are followed as Chrome follows them, a redirect to
 * an extension page or a block stops it.
 */
export function land(indexes: readonly RuleIndex[], request: DnrRequest): Landing {
  let url = request.url;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const outcome = decide(indexes, { url, type: request.type });
    if (outcome.action === 'block') return { where: 'stopped', url: 'blocked', outcome, headers: {} };
    if (outcome.action === 'redirect') {
      const target = outcome.redirectUrl!;
      if (!/^https?:/.test(target)) return { where: 'stopped', url: target, outcome, headers: {} };
      url = target;
      continue;
    }
    return { where: 'site', url, outcome, headers: outcome.headers };
  }
  throw new Error(`${request.url}: more than ${MAX_HOPS} redirects`);
}
