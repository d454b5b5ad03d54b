/**
 * `npx tsx bench/page-load-report.ts`: writes bench/README.md's page-load
 * table from bench/results/page-load-runs.json: per kind of run (which lists,
 * which path-level rules), the last three runs' ratios to no extension, their
 * median and spread. A kind with fewer than three runs is shown as such.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PageLoadRun, readPageLoadRuns } from './page-load-runs';

const README = join(import.meta.dirname, 'README.md');
export const TABLE_START = '<!-- page-load runs: written by bench/page-load-report.ts from results/page-load-runs.json -->';
export const TABLE_END = '<!-- end of page-load runs -->';

const PATH_WORDS: Record<string, string> = {
  all: 'path-level rules as built (every resource type)',
  documents: 'path-level rules for main frames and frames only',
  none: 'no path-level rules',
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function pageLoadTable(runs: readonly PageLoadRun[]): string {
  const kinds = new Map<string, PageLoadRun[]>();
  for (const run of runs) {
    const key = `${run.lists} | ${run.lists === 'the default set' ? (PATH_WORDS[run.pathTypes] ?? run.pathTypes) : 'as built'}`;
    kinds.set(key, [...(kinds.get(key) ?? []), run]);
  }
  const rows = [...kinds.entries()].map(([kind, all]) => {
    const last = all.slice(-3);
    const ratios = last.map((run) => run.ratio);
    const spread = `${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)}`;
    const loads = [...new Set(last.map((run) => run.machineLoad?.[0]?.toFixed(1) ?? '?'))].join(', ');
    const rules = last[0]!.pathTypes === 'none' ? 'the same, less its path-level rules' : last[0]!.worstCaseStaticRules.toLocaleString('en-GB');
    return `| ${kind} | ${rules} | ${last.length}${last.length < 3 ? ' (too few)' : ''} | ${ratios.map((r) => r.toFixed(3)).join(' / ')} | **${median(ratios).toFixed(3)}** (${spread}) | ${last.map((run) => Math.round(run.medianMs.baseline)).join(' / ')} | ${loads} | ${last.at(-1)!.measuredAt.slice(0, 10)} |`;
  });
  return [
    TABLE_START,
    '| lists | path-level rules | static rules (worst case) | runs | ratio to no extension, per run | median (spread) | baseline median load, ms | load average at the end | last run |',
    '|---|---|---:|---|---|---|---|---|---|',
    ...rows,
    TABLE_END,
  ].join('\n');
}

export function withPageLoadTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('bench/README.md has no page-load runs block');
  return `${readme.slice(0, start)}${table}${readme.slice(end + TABLE_END.length)}`;
}

if (import.meta.filename === process.argv[1] || process.argv[1]?.endsWith('page-load-report.ts')) {
  writeFileSync(README, withPageLoadTable(readFileSync(README, 'utf8'), pageLoadTable(readPageLoadRuns())));
  console.log('page-load: wrote the runs table into bench/README.md');
}
