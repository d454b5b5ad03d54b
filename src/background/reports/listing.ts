/**
 * The category our lists give a page that showed: a site the admin allowed,
 * a warned site the pupil continued to, or a category open to this profile.
 * The DSL sees it, and the screenshot rule needs it: an `adult` page a school
 * allowed is still never photographed. Every category's list is consulted,
 * enabled or not, in the contract order (harmful first). `illegal` is left
 * out: its URL-level entries mark a whole host in the index, and a page that
 * showed was by definition not an illegal match (nothing outranks that band).
 */
import { CATEGORY_IDS, type CategoryId } from '../../shared/categories';
import { rulesetIndex } from '../ruleset-indexes';

export async function listedCategory(host: string): Promise<CategoryId | null> {
  if (!host) return null;
  for (const category of CATEGORY_IDS) {
    if (category === 'illegal') continue;
    const index = await rulesetIndex(`${category}_block`)?.catch(() => undefined);
    if (index?.covering(host)) return category;
  }
  return null;
}
