/** The classifier's dataset from what the rules build already has: the imported lists and the over-block audit's reference sets. */
import { buildDataset, type Dataset } from '../../src/filter/classifier/dataset';
import type { ImportResult } from '../../src/filter/import/types';
import type { ReferenceSet } from '../../src/filter/over-block-audit';
import type { CategoryId } from '../../src/shared/categories';

export function datasetFromImport(imported: ImportResult, references: readonly ReferenceSet[]): Dataset {
  const categories = Object.fromEntries(Object.entries(imported.categories).map(([id, list]) => [id, list.domains])) as Record<CategoryId, string[]>;
  return buildDataset({
    categories,
    references: references.map((set) => ({ name: set.name, hosts: set.entries.filter((entry) => entry.path === undefined).map((entry) => entry.host) })),
  });
}
