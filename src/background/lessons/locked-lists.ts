/**
 * The extension's own lists for the categories a school locked, for refusing
 * a lesson allowlist that would open them. Read from the package, enabled or
 * not: a staff profile may allow a category in its own browsing that no
 * teacher may open for pupils.
 */
import type { LockedList } from '../../overrides/lesson-locked';
import type { CategoryId } from '../../shared/categories';
import { rulesetIndex } from '../ruleset-indexes';

/** Rejects when a list cannot be read: the caller refuses rather than open what it could not check. */
export async function lockedLists(categories: readonly CategoryId[]): Promise<LockedList[]> {
  const lists = await Promise.all(
    categories.map(async (category) => {
      const index = await rulesetIndex(`${category}_block`);
      return index ? { category, index } : null;
    }),
  );
  return lists.filter((list) => list !== null);
}
