/**
 * The locked categories' lists, read once at start from the rulesets the
 * school compiles with `npm run rules` (rules/build/<category>.block.json), so the endpoint refuses an allowlist for an adult site just as
 * the extension does, and a modified client cannot get round it. Only locked
 * categories are read: a full list can be 100 MB of JSON.
 *
 * A missing directory or file is a warning, not a failure: the endpoint still
 * refuses `lockedDomains`, the extension still refuses locked categories, and
 * a school without an illegal feed has no illegal list to read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DomainIndex } from '../../../src/filter/domain-index';
import type { CategoryId } from '../../../src/shared/categories';

/** What DomainIndex reads of a DNR rule; the rest (ids, actions, redirects) is the extension's business. */
const rulesetFileSchema = z.array(
  z.object({
    condition: z.object({
      requestDomains: z.array(z.string()).optional(),
      urlFilter: z.string().optional(),
    }),
  }),
);

export interface LockedCategoryList {
  category: CategoryId;
  /** The ruleset files it was read from. */
  files: string[];
  index: DomainIndex;
}

export interface LockedCategoryLists {
  rulesDir: string;
  lists: LockedCategoryList[];
  /** Each a sentence for the process log: what could not be read, and what that means. */
  warnings: string[];
}

/**
 * `<category>.block.json` and `.warn.json` are compiled from the same list
 * (only the action differs), so the block file alone names every domain, at
 * half the memory of reading both; the illegal feed has only a block file.
 */
export function rulesetFilesOf(category: CategoryId): string[] {
  return [`${category}.block.json`];
}

function readRuleset(path: string): z.output<typeof rulesetFileSchema> {
  const parsed = rulesetFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`not a ruleset (an array of rules with a condition): ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export function loadLockedCategoryLists(rulesDir: string, lockedCategories: readonly CategoryId[]): LockedCategoryLists {
  if (!existsSync(rulesDir)) {
    return {
      rulesDir,
      lists: [],
      warnings: [
        `no rules directory at ${rulesDir}: allowlists are not checked against the locked categories (${lockedCategories.join(', ')}), ` +
          'only lockedDomains; run `npm run rules` there, or set rulesDir in the config',
      ],
    };
  }
  const lists: LockedCategoryList[] = [];
  const warnings: string[] = [];
  for (const category of lockedCategories) {
    const rules: Pick<chrome.declarativeNetRequest.Rule, 'condition'>[] = [];
    const files: string[] = [];
    for (const file of rulesetFilesOf(category)) {
      const path = join(rulesDir, file);
      if (!existsSync(path)) {
        warnings.push(`locked category ${category}: ${path} is missing, so allowlists are not checked against it; run \`npm run rules\``);
        continue;
      }
      try {
        // One file at a time, so only one large parse is in memory at once.
        for (const rule of readRuleset(path)) rules.push(rule);
        files.push(file);
      } catch (error) {
        warnings.push(`locked category ${category}: could not read ${path} (${(error as Error).message}), so allowlists are not checked against it`);
      }
    }
    if (files.length > 0) lists.push({ category, files, index: DomainIndex.fromRules(rules) });
  }
  return { rulesDir, lists, warnings };
}

/** For the start-up log: category → domains listed. */
export function domainCounts(lists: readonly LockedCategoryList[]): Record<string, number> {
  return Object.fromEntries(lists.map(({ category, index }) => [category, index.size]));
}

/** "adult (10 domains), illegal (0 domains)": what an IT admin reads in the start-up log. */
export function describeLockedLists(lists: readonly LockedCategoryList[]): string {
  if (lists.length === 0) return 'none loaded';
  return lists.map(({ category, index }) => `${category} (${index.size} domains)`).join(', ');
}
