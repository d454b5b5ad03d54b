/**
 * An import result as lines for the build log: a table of where every line
 * went per category, then what needs a person's attention. Long problem lists
 * are cut per file, since one broken feed can produce thousands.
 */
import { CATEGORY_IDS } from '../../src/shared/categories';
import { sumStats } from '../../src/filter/import/stats';
import { REFUSAL_RULES } from '../../src/filter/import/screen';
import type { CategoryStats, ImportResult, Problem } from '../../src/filter/import/types';

const PROBLEMS_PER_FILE = 20;
const REMOVALS_SHOWN = 50;
const REFUSALS_PER_RULE = 20;

/** What each refusal rule means, for the heading of its group (src/filter/import/screen.ts). */
const REFUSAL_HEADINGS: Record<(typeof REFUSAL_RULES)[number], string> = {
  youtube: "YouTube's hosts (decided by policy)",
  'critical-endpoint': 'would block a critical endpoint (rules/critical-endpoints.json)',
  'never-block-site': 'a page or section of a never-block site',
  'no-document': "no single document on a never-block host of users' documents",
};

const COLUMNS: [keyof CategoryStats, string][] = [
  ['linesRead', 'lines'],
  ['acceptedDomains', 'domains'],
  ['acceptedUrls', 'urls'],
  ['rejected', 'rejected'],
  ['refused', 'refused'],
  ['duplicates', 'duplicate'],
  ['subdomainsPruned', 'pruned'],
  ['urlsCovered', 'url-covered'],
  ['removedByNeverBlock', 'never-block'],
  ['finalDomains', 'final domains'],
  ['finalUrls', 'final urls'],
];

export function formatReport(result: ImportResult): string[] {
  return [...statsTable(result), ...problemLines(result.problems), ...refusalLines(result), ...removalLines(result), ...noteLines(result.notes)];
}

function statsTable(result: ImportResult): string[] {
  const rows = CATEGORY_IDS.map((category) => [category, ...COLUMNS.map(([key]) => String(result.stats[category][key]))]);
  const total = sumStats(CATEGORY_IDS.map((category) => result.stats[category]));
  rows.push(['total', ...COLUMNS.map(([key]) => String(total[key]))]);
  const header = ['category', ...COLUMNS.map(([, title]) => title)];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  // Names left-aligned, numbers right-aligned, as a reader compares them.
  const format = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  return ['Import:', format(header), ...rows.map(format)];
}

function problemLines(problems: readonly Problem[]): string[] {
  if (problems.length === 0) return [];
  const byFile = new Map<string, Problem[]>();
  for (const problem of problems) {
    const list = byFile.get(problem.file) ?? [];
    list.push(problem);
    byFile.set(problem.file, list);
  }
  const lines = [`Problems (${problems.length}):`];
  for (const [file, list] of byFile) {
    for (const problem of list.slice(0, PROBLEMS_PER_FILE)) lines.push(`  ${file}:${problem.line}: ${problem.reason}: ${problem.text}`);
    if (list.length > PROBLEMS_PER_FILE) lines.push(`  ... and ${list.length - PROBLEMS_PER_FILE} more in ${file}`);
  }
  return lines;
}

/** Refused entries, grouped by rule, each with its file, line and reason. */
export function refusalLines(result: Pick<ImportResult, 'refused'>, perRule = REFUSALS_PER_RULE): string[] {
  if (result.refused.length === 0) return [];
  const lines = [`Refused (${result.refused.length}): entries that would block what schools share`];
  for (const rule of REFUSAL_RULES) {
    const list = result.refused.filter((entry) => entry.rule === rule);
    if (list.length === 0) continue;
    lines.push(`  ${REFUSAL_HEADINGS[rule]} (${list.length}):`);
    for (const entry of list.slice(0, perRule)) lines.push(`    ${entry.file}:${entry.line}: ${entry.category}: ${entry.text}: ${entry.reason}`);
    if (list.length > perRule) lines.push(`    ... and ${list.length - perRule} more`);
  }
  return lines;
}

function removalLines(result: ImportResult): string[] {
  const removals = result.neverBlockRemovals;
  if (removals.length === 0) return [];
  const lines = [`Removed by never-block (${removals.length}):`];
  for (const removal of removals.slice(0, REMOVALS_SHOWN)) lines.push(`  ${removal.category}: ${removal.domain} (never-block ${removal.neverBlock})`);
  if (removals.length > REMOVALS_SHOWN) lines.push(`  ... and ${removals.length - REMOVALS_SHOWN} more`);
  return lines;
}

function noteLines(notes: readonly string[]): string[] {
  return notes.length === 0 ? [] : [`Notes (${notes.length}):`, ...notes.map((note) => `  ${note}`)];
}
