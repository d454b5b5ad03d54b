/**
 * The locked categories' lists, from our own packaged rulesets, for screening
 * lesson allowlists (src/overrides/locked-screen.ts) and the school's allow
 * list (src/school-lists/screen.ts). One ruleset per category is enough:
 * `<category>_block` and `<category>_warn` are compiled from the same list.
 */
import type { CategoryId } from '../../shared/categories';
import type { ScreenList } from '../../school-lists/screen';
import { rulesetIndex } from '../ruleset-indexes';

export async function lockedLists(categories: readonly CategoryId[]): Promise<ScreenList[]> {
  const lists = await Promise.all(
    categories.map(async (category) => {
      const index = rulesetIndex(`${category}_block`) ?? rulesetIndex(`${category}_warn`);
      if (!index) return undefined;
      const loaded = await index;
      return {
        category,
        covering: (host: string) => loaded.covering(host),
        under: (domain: string) => loaded.under(domain),
        listed: () => loaded.listed(),
      };
    }),
  );
  return lists.filter((list) => list !== undefined);
}
