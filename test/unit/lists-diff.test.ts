/** The per-category diff `npm run lists -- update` prints, on small made-up lists. */
import { describe, expect, it } from 'vitest';
import { parseList } from '../../src/filter/import/parse-list';
import { addEntries, type CategoryEntries, diffCategories, formatChanges } from '../../src/filter/lists/diff';

function entries(lists: [category: 'adult' | 'gambling' | 'malware', format: 'domains' | 'urls', text: string][]): CategoryEntries {
  const into: CategoryEntries = new Map();
  for (const [category, format, text] of lists) addEntries(into, category, parseList(text, format, 'test'));
  return into;
}

describe('the per-category diff of a lists update', () => {
  it('counts entries per category, not per file: an entry that moves between two files of a category is no change', () => {
    const before = entries([
      ['gambling', 'domains', 'a.com\nb.com\n'],
      ['gambling', 'domains', 'c.com\n'],
    ]);
    const after = entries([
      ['gambling', 'domains', 'a.com\n'],
      ['gambling', 'domains', 'B.com\nc.com\nd.com\n'],
    ]);
    expect(diffCategories(before, after)).toEqual([{ category: 'gambling', before: 3, after: 4, added: ['d.com'], removed: [] }]);
  });

  it('reads path-level entries as host/path, and shows categories only one side has', () => {
    const before = entries([['malware', 'urls', 'evil.example/login\nevil.example/pay?x=1\n']]);
    const after = entries([
      ['malware', 'urls', 'evil.example/pay?x=1\nworse.example/a\n'],
      ['adult', 'domains', 'x.example\n'],
    ]);
    expect(diffCategories(before, after)).toEqual([
      { category: 'adult', before: 0, after: 1, added: ['x.example'], removed: [] },
      { category: 'malware', before: 2, after: 2, added: ['worse.example/a'], removed: ['evil.example/login'] },
    ]);
  });

  it('prints one line per category with counts, totals and the first few examples of each side', () => {
    const lines = formatChanges([
      { category: 'gambling', before: 10, after: 12, added: ['a.com', 'b.com', 'c.com', 'd.com'], removed: ['z.com'] },
      { category: 'ai', before: 5, after: 5, added: [], removed: [] },
    ]);
    expect(lines).toEqual(['  gambling: +4 -1 (10 -> 12); added a.com, b.com, c.com, ...; removed z.com', '  ai:       +0 -0 (5 -> 5); no change']);
  });
});
