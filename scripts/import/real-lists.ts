/**
 * Which sources are "the real lists": the ones the critical-endpoint and
 * education checks, the lesson-services e2e test and the over-block audit
 * run on. Until the pinned default list set lands, that is the project's
 * curated lists plus the open lists in ../shared/lists mapped by
 * bench/sources.shared-lists.json; swapping in the default set is a change
 * here and nowhere else.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** The shared copy of the open lists, beside the project (CI has it too). */
export const SHARED_LISTS = join(ROOT, '..', 'shared', 'lists');

export function realListSources(): string[] {
  return [join(ROOT, 'rules', 'sources.json'), join(ROOT, 'bench', 'sources.shared-lists.json')];
}

/** Throws, saying what is missing, when the real lists cannot be read here. */
export function requireRealLists(): void {
  if (!existsSync(join(SHARED_LISTS, 'ut1'))) {
    throw new Error(`the real lists are missing: expected the open lists at ${SHARED_LISTS} (../shared/lists beside the repository, as CI has them)`);
  }
}
