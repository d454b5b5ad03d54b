/**
 * Domain names as the filter stores them: lowercase ASCII (IDN in punycode),
 * no trailing dot, no scheme, port or path, never an IP address (DNR
 * `requestDomains` match hostnames; an IP rule would be silently useless).
 */
export type DomainResult = { ok: true; domain: string } | { ok: false; reason: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function normaliseDomain(input: string): DomainResult {
  let text = input.trim().toLowerCase().replace(/\.$/, '');
  if (!text) return { ok: false, reason: 'empty' };
  if (text.includes(':') || text.startsWith('[')) return { ok: false, reason: 'IP addresses and ports cannot be filtered by name' };
  if (IPV4.test(text)) return { ok: false, reason: 'IP addresses cannot be filtered by name' };
  // URL parsing below would quietly keep only the host of "a.com/x" or "user@b.com".
  if (/[/?#@\\%\s]/.test(text)) return { ok: false, reason: 'a domain name only: no path, query, user or spaces' };
  if (/[^a-z0-9.-]/.test(text)) {
    // WHATWG URL parsing applies IDNA (UTS #46) and gives punycode.
    try {
      text = new URL(`http://${text}/`).hostname;
    } catch {
      return { ok: false, reason: 'not a valid domain name' };
    }
  }
  const labels = text.split('.');
  if (labels.length < 2) return { ok: false, reason: 'a domain needs at least two labels (example.org)' };
  if (text.length > 253 || !labels.every((label) => LABEL.test(label))) return { ok: false, reason: 'not a valid domain name' };
  if (/^\d+$/.test(labels[labels.length - 1]!)) return { ok: false, reason: 'IP addresses cannot be filtered by name' };
  return { ok: true, domain: text };
}

/** True when `host` is `domain` or a subdomain of it, as DNR `requestDomains` matches. */
export function hostMatchesDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** `host`, then each parent: a.b.example, b.example, example. */
export function* selfAndParents(host: string): Generator<string> {
  yield host;
  for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) yield host.slice(dot + 1);
}

/** Anything that answers "is this name listed": a Set of domains, or a Map keyed by them. */
export interface DomainLookup {
  has(name: string): boolean;
}

/** `host` itself or its nearest parent found in `domains`, if any (a lookup per label). */
export function coveringDomain(host: string, domains: DomainLookup): string | undefined {
  if (domains.has(host)) return host;
  // A plain loop, not selfAndParents: the importer runs this for every entry of million-line lists.
  for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
    const parent = host.slice(dot + 1);
    if (domains.has(parent)) return parent;
  }
  return undefined;
}

/** The nearest strict parent of `host` found in `domains`, if any. */
export function coveringParent(host: string, domains: DomainLookup): string | undefined {
  const dot = host.indexOf('.');
  return dot < 0 ? undefined : coveringDomain(host.slice(dot + 1), domains);
}
