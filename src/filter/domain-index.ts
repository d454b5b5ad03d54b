/**
 * Which hosts a set of rules stops, for questions the worker must answer
 * without asking Chrome (DNR has no "would this URL match?" outside unpacked
 * development builds): is this site really in a warned category, and is it
 * blocked by anything else that "Continue" must not open?
 */
type Rule = chrome.declarativeNetRequest.Rule;

export class DomainIndex {
  private readonly domains = new Set<string>();

  static fromRules(rules: readonly Rule[]): DomainIndex {
    const index = new DomainIndex();
    for (const rule of rules) {
      for (const domain of rule.condition.requestDomains ?? []) index.domains.add(domain);
      // Path-level entries (urlFilter "||host/path") count for their whole host:
      // continuing past one would open the listed path too.
      const host = /^\|\|([^/^*|]+)/.exec(rule.condition.urlFilter ?? '')?.[1];
      if (host) index.domains.add(host);
    }
    return index;
  }

  get size(): number {
    return this.domains.size;
  }

  /**
   * For each of `parents`, one listed domain strictly below it, if any. Opening
   * a parent with an allow rule opens its subdomains too (requestDomains), so a
   * lesson allowlist for `blogspot.com` would open a listed `x.blogspot.com`.
   * One pass over the index for all parents: it may hold a million domains.
   */
  listedBelow(parents: Iterable<string>): Map<string, string> {
    const wanted = new Set(parents);
    const found = new Map<string, string>();
    if (wanted.size === 0) return found;
    for (const domain of this.domains) {
      for (let dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
        const parent = domain.slice(dot + 1);
        if (wanted.has(parent) && !found.has(parent)) {
          found.set(parent, domain);
          if (found.size === wanted.size) return found;
        }
      }
    }
    return found;
  }

  /** The listed domain that covers `host` (itself or a parent), as requestDomains matches. */
  covering(host: string): string | undefined {
    let candidate = host;
    for (;;) {
      if (this.domains.has(candidate)) return candidate;
      const dot = candidate.indexOf('.');
      if (dot < 0) return undefined;
      candidate = candidate.slice(dot + 1);
    }
  }
}
