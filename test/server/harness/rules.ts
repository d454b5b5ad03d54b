/**
 * Small compiled category rulesets in a temp directory, in the shape
 * `npm run rules` writes (rules/build/<category>.<block|warn>.json): a
 * requestDomains rule for the domains, and an `||host/path` urlFilter rule
 * for each path-level entry. Enough for the endpoint's locked-category check.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CategoryId } from '../../../src/shared/categories';

export interface CategoryListing {
  domains?: string[];
  /** host/path entries, as `||host/path` urlFilters. */
  paths?: string[];
}

export function rulesetFor(listing: CategoryListing): chrome.declarativeNetRequest.Rule[] {
  const rules: chrome.declarativeNetRequest.Rule[] = [];
  if (listing.domains?.length) {
    rules.push({ id: 1, priority: 20, action: { type: 'block' }, condition: { requestDomains: listing.domains } });
  }
  for (const path of listing.paths ?? []) {
    rules.push({ id: rules.length + 1, priority: 230, action: { type: 'block' }, condition: { urlFilter: `||${path}` } });
  }
  return rules;
}

/** Writes <category>.block.json (and .warn.json, but never for illegal) for each category given. */
export function writeRulesDir(categories: Partial<Record<CategoryId, CategoryListing>>, dir = mkdtempSync(join(tmpdir(), 'school-endpoint-rules-'))): string {
  for (const [category, listing] of Object.entries(categories)) {
    const rules = JSON.stringify(rulesetFor(listing));
    writeFileSync(join(dir, `${category}.block.json`), rules);
    if (category !== 'illegal') writeFileSync(join(dir, `${category}.warn.json`), rules);
  }
  return dir;
}
