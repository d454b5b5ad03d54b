/** Per-category counts, so a report can show where every line went. */
import type { CategoryStats, ParsedList } from './types';

export function emptyStats(): CategoryStats {
  return {
    linesRead: 0,
    acceptedDomains: 0,
    acceptedUrls: 0,
    rejected: 0,
    refused: 0,
    duplicates: 0,
    subdomainsPruned: 0,
    urlsCovered: 0,
    removedByNeverBlock: 0,
    finalDomains: 0,
    finalUrls: 0,
  };
}

export function addParsed(stats: CategoryStats, parsed: ParsedList): void {
  stats.linesRead += parsed.linesRead;
  stats.acceptedDomains += parsed.domains.length;
  stats.acceptedUrls += parsed.urls.length;
  // A hosts line can hold several bad names; each is one rejection.
  stats.rejected += parsed.problems.length;
  stats.refused += parsed.refused.length;
}

export function sumStats(all: readonly CategoryStats[]): CategoryStats {
  const total = emptyStats();
  for (const stats of all) for (const key of Object.keys(total) as (keyof CategoryStats)[]) total[key] += stats[key];
  return total;
}
