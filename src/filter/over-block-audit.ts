/**
 * The over-block audit (pure): for each category, which benign reference
 * sites its compiled rules would stop, so a school sees what a list costs
 * before deploying it. A reference entry is a site (its home page) or one
 * address; it counts as stopped by a category when that category's block
 * ruleset, with never-block in force as on every device, sends it to the
 * block page or blocks it (the warn ruleset holds the same entries).
 */
import type { CategoryId } from '../shared/categories';
import { CATEGORY_IDS } from '../shared/categories';
import { land, RuleIndex } from './dnr-match';
import { NEVER_BLOCK_RULESET } from './plan';
import { rulesetId } from './ruleset-plan';

type Rule = chrome.declarativeNetRequest.Rule;

export interface ReferenceEntry {
  host: string;
  /** Absent: the site (its home page). */
  path?: string;
}

export interface ReferenceSet {
  name: string;
  why: string;
  entries: readonly ReferenceEntry[];
}

export interface CategoryCost {
  category: CategoryId;
  /** Per reference set, in the order given: the entries stopped, as `host` or `host/path`, sorted. */
  stopped: { reference: string; entries: string[] }[];
}

export interface OverBlockAudit {
  references: { name: string; why: string; size: number }[];
  categories: CategoryCost[];
}

/** Categories a school chooses lists for; the illegal feed is licensed and never audited or printed. */
const AUDITED = CATEGORY_IDS.filter((category) => category !== 'illegal');

export function referenceLabel(entry: ReferenceEntry): string {
  return entry.path === undefined ? entry.host : `${entry.host}${entry.path}`;
}

export function auditOverBlock(rulesets: ReadonlyMap<string, readonly Rule[]>, references: readonly ReferenceSet[]): OverBlockAudit {
  const neverBlock = new RuleIndex(rulesets.get(NEVER_BLOCK_RULESET) ?? [], NEVER_BLOCK_RULESET);
  const requests = references.map((set) => set.entries.map((entry) => ({ entry, url: `https://${entry.host}${entry.path ?? '/'}` })));
  const categories = AUDITED.flatMap((category): CategoryCost[] => {
    const id = rulesetId(category, 'block');
    const rules = rulesets.get(id);
    if (!rules) return [];
    const block = new RuleIndex(rules, id);
    const indexes = [block, neverBlock];
    return [
      {
        category,
        stopped: references.map((set, index) => ({
          reference: set.name,
          entries: requests[index]!
            .filter(({ entry, url }) => block.couldMatch(entry.host) && land(indexes, { url, type: 'main_frame' }).where === 'stopped')
            .map(({ entry }) => referenceLabel(entry))
            .sort(),
        })),
      },
    ];
  });
  return { references: references.map((set) => ({ name: set.name, why: set.why, size: set.entries.length })), categories };
}
