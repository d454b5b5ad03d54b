/**
 * The over-block audit: the pure evaluation on hand-made rules, and
 * bench/over-block-audit.md checked against a fresh run on the real lists
 * (figures in the repository are written by a run, never typed).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_FILE, buildReport } from '../../scripts/audit-over-block';
import { auditMarkdown, auditSummaryLines, type OverBlockReport } from '../../scripts/import/format-audit';
import { realLists, requireRealLists } from '../../scripts/import/real-lists';
import { RULE_PRIORITY } from '../../src/filter/bands';
import { compileCategoryRuleset } from '../../src/filter/compile-category';
import { auditOverBlock } from '../../src/filter/over-block-audit';
import { domainAllowRule } from '../../src/filter/rules/stop-rules';

const extensionId = 'abcdefghijklmnopabcdefghijklmnop';

describe('auditOverBlock', () => {
  const rulesets = new Map([
    ['games_block', compileCategoryRuleset({ category: 'games', action: 'block', domains: ['games.example', 'school.example'], urls: [{ host: 'docs.example', path: '/d/1AbCdEfGhIj/view' }], extensionId })],
    ['games_warn', compileCategoryRuleset({ category: 'games', action: 'warn', domains: ['games.example'], extensionId })],
    ['drugs_block', compileCategoryRuleset({ category: 'drugs', action: 'block', domains: ['pills.example'], extensionId })],
    // Never-block allows whole domains above category domain rules, but below path-level entries.
    ['never_block', domainAllowRule(1, RULE_PRIORITY.neverBlock, ['learn.school.example', 'docs.example'])],
  ]);
  const audit = auditOverBlock(rulesets, [
    { name: 'education', why: 'ours', entries: [{ host: 'learn.school.example' }, { host: 'www.school.example' }, { host: 'maths.example' }] },
    { name: 'press', why: 'news', entries: [{ host: 'news.games.example' }, { host: 'docs.example', path: '/d/1AbCdEfGhIj/view' }, { host: 'docs.example', path: '/d/other/view' }] },
  ]);

  it('counts, per category and reference set, what its block ruleset stops with never-block in force', () => {
    const games = audit.categories.find((c) => c.category === 'games')!;
    expect(games.stopped).toEqual([
      { reference: 'education', entries: ['www.school.example'] },
      { reference: 'press', entries: ['docs.example/d/1AbCdEfGhIj/view', 'news.games.example'] },
    ]);
    expect(audit.categories.find((c) => c.category === 'drugs')!.stopped.map((cell) => cell.entries)).toEqual([[], []]);
    expect(audit.references).toEqual([
      { name: 'education', why: 'ours', size: 3 },
      { name: 'press', why: 'news', size: 3 },
    ]);
  });

  it('audits only the categories built, and never the illegal feed', () => {
    expect(audit.categories.map((c) => c.category)).toEqual(['drugs', 'games']);
  });

  it('prints a short summary for the build', () => {
    const report: OverBlockReport = { sources: [], origins: [], audit, referenceNotes: ['UT1 press: skipped, no UT1 source'], refused: [], neverBlockRemovals: [] };
    expect(auditSummaryLines(report)).toEqual([
      'Over-block audit (benign reference sites each category would stop; npm run audit:over-block writes the full audit):',
      '  games: education 1/3, press 2/3',
      '  none stopped by: drugs',
      '  UT1 press: skipped, no UT1 source',
    ]);
  });
});

describe('bench/over-block-audit.md', () => {
  let committed: string;
  let fresh: OverBlockReport;

  beforeAll(async () => {
    requireRealLists();
    committed = readFileSync(AUDIT_FILE, 'utf8');
    fresh = buildReport((await realLists()).buildArgs);
  }, 180_000);

  it('agrees with a fresh run on the real lists (only the date may differ)', () => {
    const date = /on (\d{4}-\d{2}-\d{2});/.exec(committed)?.[1];
    expect(date, 'the generated file names the day it was written').toBeDefined();
    expect(committed, 'run `npm run audit:over-block` and commit bench/over-block-audit.md').toBe(auditMarkdown(fresh, date!));
  });

  it('ran on the UT1 reference sets and the education list, and lists the refusals with their lines', () => {
    expect(fresh.referenceNotes).toEqual([]);
    expect(fresh.audit.references.map((r) => r.name)).toEqual(expect.arrayContaining(['education', 'UT1 press', 'UT1 educational_games', 'UT1 sexual_education']));
    expect(committed).toContain('`.tmp/real-lists-cache/lists/ut1/blacklists/phishing/urls:');
    expect(committed).toMatch(/\| `\.tmp\/real-lists-cache\/lists\/ut1\/blacklists\/malware\/urls` \| malware \| critical-endpoint \| \d+ \|/);
  });
});
