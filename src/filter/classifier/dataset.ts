/**
 * The examples the classifier learns from (pure): every domain of the default list set, labelled
 * with the categories whose lists name it, and the benign reference sites (the over-block audit's
 * own sets: education, never-block, UT1's press, sports, jobs ...) labelled with none. Each host
 * falls in one split by its site name (hostname-features.ts splitBucket): tenth 0 is held out for
 * validation and never trained on, tenth 1 calibrates the thresholds, the rest trains.
 */
import type { CategoryId } from '../../shared/categories';
import { splitBucket } from './hostname-features';

/** What the classifier decides on: what the issue and the lists can support. */
export const CLASSIFIED_CATEGORIES = ['adult', 'gambling', 'proxy', 'ai'] as const satisfies readonly CategoryId[];
export type ClassifiedCategory = (typeof CLASSIFIED_CATEGORIES)[number];

/** Never learnt from: the illegal feed's addresses are carried nowhere (stop-rules.ts carriesAddress). */
const NOT_LEARNT_FROM: readonly CategoryId[] = ['illegal'];

export type Split = 'train' | 'calibrate' | 'validate';

export function splitOf(host: string): Split {
  const bucket = splitBucket(host);
  return bucket === 0 ? 'validate' : bucket === 1 ? 'calibrate' : 'train';
}

export interface Example {
  host: string;
  /** The listed categories naming it; empty for a benign reference. */
  categories: ReadonlySet<CategoryId>;
  /** The benign reference sets naming it (for "the benign sites it would stop"). */
  references: readonly string[];
}

export interface Dataset {
  train: Example[];
  calibrate: Example[];
  validate: Example[];
}

export interface DatasetInput {
  /** Every category's domains, as the importer cleaned them. */
  categories: Partial<Record<CategoryId, readonly string[]>>;
  /** Benign reference sets: name and hosts (whole sites only; a path entry says nothing about its host). */
  references: readonly { name: string; hosts: readonly string[] }[];
}

export function buildDataset(input: DatasetInput): Dataset {
  const byHost = new Map<string, { categories: Set<CategoryId>; references: string[] }>();
  const entry = (host: string) => {
    let found = byHost.get(host);
    if (!found) byHost.set(host, (found = { categories: new Set(), references: [] }));
    return found;
  };
  for (const [category, domains] of Object.entries(input.categories) as [CategoryId, readonly string[]][]) {
    if (NOT_LEARNT_FROM.includes(category)) continue;
    for (const domain of domains) entry(domain).categories.add(category);
  }
  for (const reference of input.references) {
    for (const host of reference.hosts) entry(host).references.push(reference.name);
  }
  const dataset: Dataset = { train: [], calibrate: [], validate: [] };
  // Sorted, so the order (and with it the trained bytes) does not depend on how the lists were read.
  for (const host of [...byHost.keys()].sort()) {
    const found = byHost.get(host)!;
    // A reference site that a list names is not a clean negative: it is left to the lists (and to the audit).
    if (found.references.length > 0 && [...found.categories].some((c) => (CLASSIFIED_CATEGORIES as readonly string[]).includes(c))) continue;
    dataset[splitOf(host)].push({ host, categories: found.categories, references: found.references });
  }
  return dataset;
}
