/**
 * The category catalogue (rules/catalogue.json): plain-English labels for
 * pupils and adults and the UK Safer Internet Centre category each maps to.
 * Validated at import so a bad edit fails the build, not a pupil's page.
 */
import { z } from 'zod';
import catalogueJson from '../../rules/catalogue.json';
import { CATEGORY_IDS, type CategoryId } from '../shared/categories';

const entrySchema = z.object({
  id: z.enum(CATEGORY_IDS),
  adult: z.string().min(1),
  child: z.object({ primary: z.string().min(1), secondary: z.string().min(1) }),
  uksic: z.string().min(1).nullable(),
  /** False: blocked or allowed, never warned (no warn ruleset is built for it). */
  warnable: z.boolean().default(true),
});

export type CatalogueEntry = z.infer<typeof entrySchema>;

const entries = z.object({ categories: z.array(entrySchema) }).parse(catalogueJson).categories;

export const CATALOGUE: Readonly<Record<CategoryId, CatalogueEntry>> = Object.fromEntries(
  entries.map((entry) => [entry.id, entry]),
) as Record<CategoryId, CatalogueEntry>;

export const CATALOGUE_IDS: readonly string[] = entries.map((entry) => entry.id);

/** Categories that can only be blocked or allowed: a warn for one of them is made a block (src/policy/repair.ts). */
export const BLOCK_ONLY_CATEGORIES: readonly CategoryId[] = entries.filter((entry) => !entry.warnable).map((entry) => entry.id);

export function isWarnable(category: CategoryId): boolean {
  return !BLOCK_ONLY_CATEGORIES.includes(category);
}

/** Which wording a pupil sees: Reception to Year 6 get the primary words. */
export type Audience = 'primary' | 'secondary' | 'adult';

export function categoryLabel(category: CategoryId, audience: Audience): string {
  const entry = CATALOGUE[category];
  return audience === 'adult' ? entry.adult : entry.child[audience];
}
