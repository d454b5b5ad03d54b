/**
 * What a lists update changes, per category: the entries the build would read
 * (domains, and `host/path` for path-level entries, as the importer parses
 * them, before pruning and never-block), before and after. An entry that
 * moves from one file to another of the same category is no change.
 */
import { CATEGORY_IDS, type CategoryId } from '../../shared/categories';
import type { ParsedList } from '../import/types';

export type CategoryEntries = Map<CategoryId, Set<string>>;

export interface CategoryChange {
  category: CategoryId;
  before: number;
  after: number;
  /** Sorted. */
  added: string[];
  /** Sorted. */
  removed: string[];
}

export function addEntries(into: CategoryEntries, category: CategoryId, parsed: ParsedList): void {
  let set = into.get(category);
  if (!set) into.set(category, (set = new Set()));
  for (const domain of parsed.domains) set.add(domain);
  for (const url of parsed.urls) set.add(`${url.host}${url.path}`);
}

/** Every category either side holds, in catalogue order. */
export function diffCategories(before: CategoryEntries, after: CategoryEntries): CategoryChange[] {
  return CATEGORY_IDS.filter((category) => before.has(category) || after.has(category)).map((category) => {
    const old = before.get(category) ?? new Set<string>();
    const now = after.get(category) ?? new Set<string>();
    return {
      category,
      before: old.size,
      after: now.size,
      added: [...now].filter((entry) => !old.has(entry)).sort(),
      removed: [...old].filter((entry) => !now.has(entry)).sort(),
    };
  });
}

export const EXAMPLES_SHOWN = 3;

/** One line per category: `  gambling: +12 -3 (41000 -> 41009); added a.com, b.com, c.com, ...; removed d.com` */
export function formatChanges(changes: readonly CategoryChange[]): string[] {
  const width = Math.max(0, ...changes.map((change) => change.category.length));
  return changes.map((change) => {
    const head = `  ${`${change.category}:`.padEnd(width + 1)} +${change.added.length} -${change.removed.length} (${change.before} -> ${change.after})`;
    if (change.added.length === 0 && change.removed.length === 0) return `${head}; no change`;
    const parts = [head];
    if (change.added.length > 0) parts.push(`added ${examples(change.added)}`);
    if (change.removed.length > 0) parts.push(`removed ${examples(change.removed)}`);
    return parts.join('; ');
  });
}

function examples(entries: readonly string[]): string {
  return `${entries.slice(0, EXAMPLES_SHOWN).join(', ')}${entries.length > EXAMPLES_SHOWN ? ', ...' : ''}`;
}
