/**
 * One list line (already trimmed, comments removed) into entries, per format.
 * Each parser reports through a sink so a hosts line naming several domains
 * can yield several entries and problems without allocating per line.
 */
import { normaliseDomain, type DomainResult } from '../../shared/domain';
import type { UrlEntry } from './types';

export interface LineSink {
  domain(domain: string): void;
  url(url: UrlEntry): void;
  problem(reason: string): void;
}

export type LineParser = (content: string, sink: LineSink) => void;

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
// Loose on purpose: it only has to tell a hosts line's address from a name.
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]*(%\S+)?$/i;
// Addresses a blocking hosts file points names at. Anything else redirects
// the name (SafeSearch enforcement, say) rather than blocking it.
const SINK = /^(0\.0\.0\.0|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::|::1|0:0:0:0:0:0:0:[01])$/;
// Every hosts file names these; they are the machine itself, not a block.
const LOCAL_NAMES = /^(localhost[46]?(\.localdomain[46]?)?|local|broadcasthost|ip6-.*|0\.0\.0\.0)$/i;
// Element hiding: ##, #@#, #?#, #$#, #%# and their exceptions.
const COSMETIC = /#@?[$?%]?#/;
const ADBLOCK_OPTIONS = new Set(['third-party', 'all', 'document', 'important']);
// WHATWG URL parsing would quietly read `a.com/x` or `user@a.com` as a.com,
// so characters that delimit a URL are refused before a name reaches it.
const URL_DELIMITERS = /[/?#@\\%\s]/;

export function isIpAddress(token: string): boolean {
  return IPV4.test(token) || IPV6.test(token);
}

/** A bare name; a leading `*.` or `.` means "and its subdomains", which every entry already does. */
export function domainFromToken(token: string): DomainResult {
  const name = token.startsWith('*.') ? token.slice(2) : token.startsWith('.') ? token.slice(1) : token;
  if (name.includes('*')) return { ok: false, reason: 'wildcards are only supported as a leading "*." (the domain and its subdomains)' };
  if (name.includes('/')) return { ok: false, reason: 'contains "/": a domain list holds names only (use format "urls" for addresses)' };
  if (URL_DELIMITERS.test(name)) return { ok: false, reason: 'not a valid domain name' };
  return normaliseDomain(name);
}

export const parseDomainLine: LineParser = (content, sink) => {
  if (/\s/.test(content)) return sink.problem('more than one word on the line (expected one domain)');
  const result = domainFromToken(content);
  if (result.ok) sink.domain(result.domain);
  else sink.problem(result.reason);
};

export const parseHostsLine: LineParser = (content, sink) => {
  const [address = '', ...names] = content.split(/\s+/);
  if (!isIpAddress(address)) return sink.problem('not a hosts line: the first word should be an address such as 0.0.0.0');
  const blockable = names.filter((name) => !LOCAL_NAMES.test(name));
  if (names.length === 0) return sink.problem('a hosts line needs a name after the address');
  if (blockable.length === 0) return;
  if (!SINK.test(address)) return sink.problem(`points names at ${address} rather than blocking them (blocking lines use 0.0.0.0, 127.0.0.1, :: or ::1)`);
  for (const name of blockable) {
    const result = domainFromToken(name);
    if (result.ok) sink.domain(result.domain);
    else sink.problem(`${name}: ${result.reason}`);
  }
};

export const parseAdblockLine: LineParser = (content, sink) => {
  if (/^\[.*\]$/.test(content)) return; // [Adblock Plus 2.0] and similar headers
  if (content.startsWith('@@')) return sink.problem('exception (@@) rules are not imported: list sites to keep reachable in neverBlock');
  if (COSMETIC.test(content)) return sink.problem('element-hiding (cosmetic) rules are not supported; only ||domain^ rules are');
  if (!content.startsWith('||')) return sink.problem('only ||domain^ rules are supported');
  const dollar = content.indexOf('$');
  const pattern = content.slice(2, dollar < 0 ? undefined : dollar);
  const options = dollar < 0 ? [] : content.slice(dollar + 1).split(',');
  const unsupported = options.filter((option) => !ADBLOCK_OPTIONS.has(option));
  if (unsupported.length > 0) return sink.problem(`unsupported options ${unsupported.map((o) => `$${o}`).join(', ')} (only $third-party, $all, $document and $important)`);
  const host = pattern.replace(/\^\|?$/, '');
  if (host.includes('/')) return sink.problem('rules with a path are not supported; only whole-domain rules are');
  if (host.includes('*')) return sink.problem('wildcard rules are not supported; only whole-domain rules are');
  if (/[\^|]/.test(host)) return sink.problem('separators (^) inside a rule are not supported; only ||domain^ rules are');
  const result = domainFromToken(host);
  if (result.ok) sink.domain(result.domain);
  else sink.problem(result.reason);
};

export const parseUrlLine: LineParser = (content, sink) => {
  if (/\s/.test(content)) return sink.problem('contains spaces (expected one address per line)');
  let rest = content;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (scheme) {
    if (!/^https?$/i.test(scheme[1]!)) return sink.problem(`only http and https addresses can be filtered (not ${scheme[1]}:)`);
    rest = rest.slice(scheme[0].length);
  }
  const cut = rest.search(/[/?#]/);
  const hostText = cut < 0 ? rest : rest.slice(0, cut);
  let path = cut < 0 ? '' : rest.slice(cut);
  const hash = path.indexOf('#');
  if (hash >= 0) path = path.slice(0, hash); // fragments never reach the network
  if (path.startsWith('?')) path = `/${path}`;
  const host = URL_DELIMITERS.test(hostText) ? { ok: false as const, reason: 'not a valid host name' } : normaliseDomain(hostText);
  if (!host.ok) return sink.problem(host.reason);
  if (path === '' || path === '/') sink.domain(host.domain);
  else sink.url({ host: host.domain, path });
};

/** For mixed lists: each line is read in the format it looks like. */
export const parseAutoLine: LineParser = (content, sink) => {
  const first = content.split(/\s/, 1)[0]!;
  if (isIpAddress(first)) return parseHostsLine(content, sink);
  if (content.startsWith('||') || content.startsWith('@@') || COSMETIC.test(content) || /^\[.*\]$/.test(content)) return parseAdblockLine(content, sink);
  if (/[/?]/.test(content)) return parseUrlLine(content, sink);
  parseDomainLine(content, sink);
};
