/**
 * The README's "Default filtering and why" table mirrors src/policy/defaults.ts
 * (a README table that mirrors code is checked, DESIGN.md): every category row
 * and the YouTube row, per key stage and for staff.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACTIONS, DEFAULT_SAFE_SEARCH, type YouTubeSetting } from '../../src/policy/defaults';
import { CATEGORY_IDS, type CategoryId } from '../../src/shared/categories';

const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('### Default filtering and why'), readme.indexOf('## Filtering: lists, rules and pages'));
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| ') && !line.startsWith('| category') && !line.startsWith('|---'))
  .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));

const COLUMNS = [
  { actions: DEFAULT_ACTIONS.KS2, safeSearch: DEFAULT_SAFE_SEARCH.primary },
  { actions: DEFAULT_ACTIONS.KS3, safeSearch: DEFAULT_SAFE_SEARCH.secondary },
  { actions: DEFAULT_ACTIONS.KS4, safeSearch: DEFAULT_SAFE_SEARCH.secondary },
  { actions: DEFAULT_ACTIONS.KS5, safeSearch: DEFAULT_SAFE_SEARCH.secondary },
  { actions: DEFAULT_ACTIONS.staff, safeSearch: DEFAULT_SAFE_SEARCH.staff },
];

const YOUTUBE_WORDS: Record<YouTubeSetting, string> = {
  block: 'block',
  strict: 'Restricted Mode (strict)',
  moderate: 'Restricted Mode (moderate)',
  off: 'unrestricted',
};

describe("README's defaults table", () => {
  it('has the same action for every category, key stage and staff as the code', () => {
    const named = new Set<CategoryId>();
    for (const [categories, ...cells] of rows.filter(([first]) => !first!.startsWith('YouTube'))) {
      for (const category of categories!.split(',').map((c) => c.trim()) as CategoryId[]) {
        named.add(category);
        expect(cells, category).toEqual(COLUMNS.map((column) => column.actions[category]));
      }
    }
    expect([...named].sort()).toEqual([...CATEGORY_IDS].sort());
    // The younger key stages share the primary column.
    expect(DEFAULT_ACTIONS.EYFS).toEqual(DEFAULT_ACTIONS.KS2);
    expect(DEFAULT_ACTIONS.KS1).toEqual(DEFAULT_ACTIONS.KS2);
  });

  it('has the YouTube row the policy defaults give', () => {
    const youtube = rows.find(([first]) => first!.startsWith('YouTube'));
    expect(youtube?.slice(1)).toEqual(COLUMNS.map((column) => YOUTUBE_WORDS[column.safeSearch.youtube]));
  });
});
