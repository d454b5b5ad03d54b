/**
 * Shared shapes of the category list importer. The importer only reads and
 * cleans lists; compiling them into declarativeNetRequest rules happens
 * elsewhere, so nothing here knows about rules.
 */
import type { CategoryId } from '../../shared/categories';
import type { RefusalRule } from './screen';

/** Formats a single list text can be parsed as; `auto` decides line by line. */
export const LIST_FORMATS = ['domains', 'hosts', 'adblock', 'urls', 'auto'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/** A URL-level entry: blocks one address, not the whole site. */
export interface UrlEntry {
  /** Normalised as a domain (lowercase, punycode). */
  host: string;
  /** As given, starting with `/`, query kept, fragment dropped. */
  path: string;
}

/** A line that could not be imported, with enough detail to find and fix it. */
export interface Problem {
  /** Readable source name: a path relative to the working directory, a URL, or `archive:member`. */
  file: string;
  /** 1-based. */
  line: number;
  /** The offending line, cut to 120 characters. */
  text: string;
  reason: string;
}

/** A well-formed entry the importer will not use, because of what it would block (screen.ts). */
export interface RefusedEntry extends Problem {
  rule: RefusalRule;
}

export interface ParsedList {
  domains: string[];
  urls: UrlEntry[];
  problems: Problem[];
  refused: RefusedEntry[];
  /** Every line of the text, blanks and comments included. */
  linesRead: number;
}

export interface CategoryStats {
  linesRead: number;
  /** Domain entries the parser accepted, before any cleaning. */
  acceptedDomains: number;
  /** URL entries the parser accepted, before any cleaning. */
  acceptedUrls: number;
  /** Lines reported as problems. */
  rejected: number;
  /** Entries refused because they would block what schools share (screen.ts). */
  refused: number;
  /** Repeated domain or URL entries. */
  duplicates: number;
  /** Domains dropped because a parent domain in the same category already covers them. */
  subdomainsPruned: number;
  /** URL entries dropped because a domain entry in the same category already covers their host. */
  urlsCovered: number;
  /** Domain and URL entries removed because they fall under a never-block domain. */
  removedByNeverBlock: number;
  finalDomains: number;
  finalUrls: number;
}

export interface CategoryList {
  /** Sorted; no entry is a subdomain of another. */
  domains: string[];
  /** Sorted by host then path; no host is covered by `domains`. */
  urls: UrlEntry[];
}

export interface NeverBlockRemoval {
  category: CategoryId;
  /** The removed entry: a domain, or `host/path` for a URL entry. */
  domain: string;
  /** The never-block domain it falls under. */
  neverBlock: string;
}

export interface ImportResult {
  categories: Record<CategoryId, CategoryList>;
  /** Sorted, normalised, with subdomains of other entries pruned. */
  neverBlock: string[];
  problems: Problem[];
  /** Refused entries with their category; never illegal-feed entries (their addresses are never carried). */
  refused: (RefusedEntry & { category: CategoryId })[];
  neverBlockRemovals: NeverBlockRemoval[];
  /** Things worth knowing that are not errors: optional sources missing, UT1 categories ignored, shadowing. */
  notes: string[];
  stats: Record<CategoryId, CategoryStats>;
}
