/**
 * server/README.md's table of categories that are safeguarding evidence mirrors
 * server/src/monitoring/category-risks.ts (a README table that mirrors code is checked, DESIGN.md).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORY_RISKS } from '../../server/src/monitoring/category-risks';
import { RISK_NAMES } from '../../server/src/monitoring/risks';

const readme = readFileSync('server/README.md', 'utf8');
const section = readme.slice(readme.indexOf('**Evidence.**'), readme.indexOf('**repeated attempts**'));
const rows = section
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.startsWith('| `'))
  .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));

describe("server README's category-to-risk table", () => {
  it('has every mapped category, its risk and its severities as the code', () => {
    const fromReadme = Object.fromEntries(rows.map(([category, risk, block, warn]) => [category!.replaceAll('`', ''), { risk, block, warn }]));
    const fromCode = Object.fromEntries(
      Object.entries(CATEGORY_RISKS).map(([category, mapped]) => [
        category,
        // Illegal is always blocked: the README says so rather than name a severity no event can have.
        { risk: RISK_NAMES[mapped.risk].toLowerCase().replace(' and radicalisation', ''), block: mapped.block, warn: category === 'illegal' ? '(never warned)' : mapped.warn },
      ]),
    );
    expect(fromReadme).toEqual(fromCode);
  });
});
