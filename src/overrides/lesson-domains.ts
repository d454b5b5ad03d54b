/**
 * The sites a teacher names for a lesson allowlist, as typed or pasted into
 * the panel, turned into domains the filter can allow (pure; the popup checks
 * with it as the teacher types, the worker checks again before sending).
 *
 * A leading `www.` is dropped, from the prefilled site and from typed ones: an
 * allow rule's requestDomains covers a domain and its subdomains, so
 * `bbc.co.uk` opens www.bbc.co.uk as well as the bare domain and the
 * subdomains its pages link to, while `www.bbc.co.uk` would leave a pupil
 * following a link to bbc.co.uk still blocked. Nothing further is stripped:
 * without a public-suffix list `sites.google.com` cannot be told apart from
 * `bbc.co.uk`, and a subdomain is often a different site.
 */
import { normaliseDomain } from '../shared/domain';
import { MAX_OVERRIDE_DOMAINS } from './model';
import type { RefusalIssue } from './panel';

export type LessonDomainsResult =
  /** `rows[i]`: the row `domains[i]` was typed in, to put a later refusal beside it. */
  | { ok: true; domains: string[]; rows: number[] }
  | { ok: false; issues: RefusalIssue[] };

function withoutWww(domain: string): string {
  // Only when what remains is still a domain of two labels or more: "www.com" stays.
  return domain.startsWith('www.') && domain.split('.').length > 2 ? domain.slice(4) : domain;
}

/** A pasted web address counts for its host: teachers copy addresses from the address bar. */
function hostOfPastedAddress(input: string): string | null {
  if (!/^https?:\/\//i.test(input.trim())) return null;
  try {
    return new URL(input.trim()).hostname;
  } catch {
    return null;
  }
}

/** One row of the panel: a domain, or why it is not one (in words a teacher reads). */
export function lessonDomain(input: string): { ok: true; domain: string } | { ok: false; message: string } {
  const result = normaliseDomain(hostOfPastedAddress(input) ?? input);
  if (result.ok) return { ok: true, domain: withoutWww(result.domain) };
  return { ok: false, message: `"${input.trim()}" is not a website name (${result.reason}). Type it like bbc.co.uk.` };
}

/**
 * Every row checked; blank rows are skipped (an added row left empty), the
 * same site twice is kept once. Issues carry the row's index as
 * `domains.N`, so the page can put each message beside its row.
 */
export function lessonDomains(inputs: readonly string[]): LessonDomainsResult {
  const domains: string[] = [];
  const rows: number[] = [];
  const issues: RefusalIssue[] = [];
  inputs.forEach((input, index) => {
    if (!input.trim()) return;
    const result = lessonDomain(input);
    if (!result.ok) issues.push({ path: `domains.${index}`, message: result.message });
    else if (!domains.includes(result.domain)) {
      domains.push(result.domain);
      rows.push(index);
    }
  });
  if (issues.length > 0) return { ok: false, issues };
  if (domains.length === 0) return { ok: false, issues: [{ path: 'domains', message: 'Add at least one website.' }] };
  if (domains.length > MAX_OVERRIDE_DOMAINS) {
    return { ok: false, issues: [{ path: 'domains', message: `At most ${MAX_OVERRIDE_DOMAINS} websites in one allowlist.` }] };
  }
  return { ok: true, domains, rows };
}

/** The current tab's site for the panel's first row: web pages only (http and https), else null. */
export function suggestedLessonDomain(pageUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const result = lessonDomain(url.hostname);
  return result.ok ? result.domain : null;
}
