/**
 * `npm run audit:over-block [-- --sources FILE ...]`: builds the rulesets
 * from the real lists (scripts/import/real-lists.ts; or the given sources
 * files) exactly as `npm run rules` does, into a scratch folder, and writes
 * the full over-block audit the build keeps beside them to
 * bench/over-block-audit.md: per category, what the lists would stop among
 * benign reference sites, every entry the importer refused and why, and what
 * never-block removed. A school reads it before deploying a list.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { auditMarkdown, type OverBlockReport } from './import/format-audit';
import { realListSources, requireRealLists } from './import/real-lists';

const ROOT = join(import.meta.dirname, '..');
export const AUDIT_FILE = join(ROOT, 'bench', 'over-block-audit.md');

/** Runs the rules build on `sources` and returns its over-block report. */
export function buildReport(sources: readonly string[], scratch = join(ROOT, '.tmp', 'over-block-audit')): OverBlockReport {
  rmSync(scratch, { recursive: true, force: true });
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build-rules.ts'), ...sources.flatMap((file) => ['--sources', file]), '--out', scratch], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  return JSON.parse(readFileSync(join(scratch, 'over-block.json'), 'utf8')) as OverBlockReport;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({ options: { sources: { type: 'string', multiple: true } } });
  const sources = values.sources?.map((file) => resolve(file)) ?? (requireRealLists(), realListSources());
  writeFileSync(AUDIT_FILE, auditMarkdown(buildReport(sources), today()));
  console.log(`audit: wrote ${AUDIT_FILE}`);
}
