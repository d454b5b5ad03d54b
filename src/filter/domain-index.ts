/**
 * Which hosts a set of rules stops, for questions the worker must answer
 * without asking Chrome (DNR has no "would this URL match?" outside unpacked
 * development builds): is this site really in a warned category, and is it
 * blocked by anything else that "Continue" must not open?
 */
type Rule = chrome.declarativeNetRequest.Rule;

export class DomainIndex {
  private readonly domains = new Set<string>();

  /** Only conditions are read, so the endpoint can pass rules it validated no further than that. */
  static fromRules(rules: readonly Pick<Rule, 'condition'>[]): DomainIndex {
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

  /** Every listed domain: for a question asked of many domains at once (the school's allow list), one pass instead of a scan each. */
  listed(): Iterable<string> {
    return this.domains;
  }

  /**
   * Listed domains strictly below `domain` (mail.example.org under example.org).
   * A scan: it answers rare questions (a teacher's allowlist), not per request.
   */
  under(domain: string): string[] {
    const suffix = `.${domain}`;
    const found: string[] = [];
    for (const listed of this.domains) if (listed.endsWith(suffix)) found.push(listed);
    return found.sort();
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
