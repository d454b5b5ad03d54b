/**
 * `npm run audit:over-block [-- --sources FILE ... [--out FILE]]`: builds the
 * rulesets from the real lists (scripts/import/real-lists.ts) exactly as
 * `npm run rules` does, into a scratch folder, and writes the full over-block
 * audit to bench/over-block-audit.md: per category, what the lists would stop
 * among benign reference sites, every entry the importer refused and why, and
 * what never-block removed. With --sources (a school's own lists) it writes
 * rules/build/over-block-audit.md instead, or --out. A school reads it before
 * deploying a list.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { auditMarkdown, type OverBlockReport } from './import/format-audit';
import { realLists } from './import/real-lists';

const ROOT = join(import.meta.dirname, '..');
export const AUDIT_FILE = join(ROOT, 'bench', 'over-block-audit.md');

/** Runs the rules build with `rulesArgs` (which lists; rulesets into a scratch folder) and returns its over-block report. */
export function buildReport(rulesArgs: readonly string[], scratch = join(ROOT, '.tmp', 'over-block-audit')): OverBlockReport {
  rmSync(scratch, { recursive: true, force: true });
  const report = join(scratch, 'over-block.json');
  execFileSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts', 'build-rules.ts'), ...rulesArgs, '--out', join(scratch, 'rules'), '--report', report],
    { cwd: ROOT, stdio: 'pipe' },
  );
  return JSON.parse(readFileSync(report, 'utf8')) as OverBlockReport;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({ options: { sources: { type: 'string', multiple: true }, out: { type: 'string' } } });
  // Without --sources: the real lists, into the committed audit. A school auditing its own
  // sources gets its own file, leaving the committed one (and its test) alone.
  const rulesArgs = values.sources ? values.sources.flatMap((file) => ['--sources', resolve(file)]) : (await realLists()).buildArgs;
  const out = resolve(values.out ?? (values.sources ? join(ROOT, 'rules', 'build', 'over-block-audit.md') : AUDIT_FILE));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, auditMarkdown(buildReport(rulesArgs), today()));
  console.log(`audit: wrote ${out}`);
}
