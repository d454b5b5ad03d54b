/**
 * The README's figures for the default list set (domains per category, rules,
 * what an update costs) are written by `npm run figures:lists` from a build of
 * the pinned set; this builds it afresh and checks the README says the same.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIGURES_END, FIGURES_START, listFigures } from '../../scripts/list-figures';
import { requireRealLists } from '../../scripts/import/real-lists';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
let fresh: string;

beforeAll(async () => {
  requireRealLists();
  fresh = await listFigures();
}, 240_000);

describe('the README figures for the default list set', () => {
  it('agree with a fresh build of the pinned set', () => {
    const committed = README.slice(README.indexOf(FIGURES_START), README.indexOf(FIGURES_END) + FIGURES_END.length);
    expect(committed, 'run `npm run figures:lists` and commit README.md').toBe(fresh);
  });

  it('measure the update against the previous layout in the same run, and it is smaller', () => {
    const [previous, now] = [...fresh.matchAll(/\| \*{0,2}([\d.]+) MB\*{0,2} \| \*{0,2}([\d.]+) MB/g)].map((match) => Number(match[2]));
    expect(previous).toBeGreaterThan(0);
    expect(now).toBeLessThan(previous!);
  });
});
