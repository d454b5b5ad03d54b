/**
 * What one entry on the school's own block or allow list may name: a domain
 * (and so its subdomains, as DNR `requestDomains` match), or one address on
 * a host. An address is accepted exactly when the list importer would accept
 * it as a `urls` line (parseUrlLine) AND a path rule can express it
 * (encodedPath): the dashboard, the endpoint and the device all read entries
 * through this one function, so an entry the IT Lead saves is one every
 * device can apply. Pure, and free of zod so the dashboard bundle can use it.
 */
import { parseUrlLine } from '../filter/import/parse-line';
import { encodedPath } from '../filter/rules/stop-rules';

export type ListTarget = { kind: 'domain'; domain: string } | { kind: 'path'; host: string; path: string };

export type TargetResult = { ok: true; target: ListTarget; text: string } | { ok: false; reason: string };

/** The longest entry text: a host (253) and a path a list would name. */
export const MAX_TARGET_CHARS = 2048;

/**
 * The site the dashboard offers to list for a host a pupil was on (a report's page, a classifier review):
 * `www.` dropped, since a domain entry covers its subdomains and `www.` is the same site.
 */
export function entrySiteOfHost(host: string): string {
  return host.replace(/^www\./, '');
}

/** The entry as stored and sent: `example.com`, or `example.com/path?query` with the path as the browser sends it. */
export function targetText(target: ListTarget): string {
  return target.kind === 'domain' ? target.domain : `${target.host}${target.path}`;
}

/**
 * Reads what the IT Lead typed or pasted: a domain, a host with a path, or a
 * whole http(s) address (the scheme and any fragment are dropped; a bare `/`
 * path is the whole domain). Reading the result's `text` again gives the same
 * text, so the device can check what the endpoint sends with this function.
 */
export function parseListTarget(input: string): TargetResult {
  const text = input.trim();
  if (!text) return { ok: false, reason: 'empty' };
  if (text.length > MAX_TARGET_CHARS) return { ok: false, reason: `longer than ${MAX_TARGET_CHARS} characters` };
  let result: TargetResult = { ok: false, reason: 'not a domain or web address' };
  parseUrlLine(text, {
    domain: (domain) => (result = { ok: true, target: { kind: 'domain', domain }, text: domain }),
    url: (entry) => {
      const path = encodedPath(entry);
      result =
        path === undefined
          ? { ok: false, reason: 'a path with *, ^ or | cannot be filtered (Chrome reads them as wildcards): list the whole domain instead' }
          : { ok: true, target: { kind: 'path', host: entry.host, path }, text: `${entry.host}${path}` };
    },
    problem: (reason) => (result = { ok: false, reason }),
  });
  return result;
}

/** The host an entry is about: the domain itself, or the path's host. */
export function targetHost(target: ListTarget): string {
  return target.kind === 'domain' ? target.domain : target.host;
}
