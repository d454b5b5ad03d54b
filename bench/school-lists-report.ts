/**
 * Every full `npm run bench:school-lists` run is kept in
 * bench/results/school-lists-runs.json; `npx tsx bench/school-lists-report.ts`
 * writes bench/README.md's table from the last three (each run's p50 and p95,
 * and the spread across runs), so the figures are the runs', never typed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { writeReadmeBlock } from './lib/readme-block';

export const SCHOOL_LIST_RUNS = join(import.meta.dirname, 'results', 'school-lists-runs.json');
const START = '<!-- school-list runs: written by bench/school-lists-report.ts from results/school-lists-runs.json -->';
const END = '<!-- end of school-list runs -->';

export interface SchoolListRun {
  runs: { fastPath: number; schedule: number };
  refreshMinutes: number;
  fastPath: { p50: number; p95: number };
  schedule: { p50: number; p95: number };
  navigationRatio: number;
  measuredAt: string;
  machineLoad: number[];
}

function readRuns(): SchoolListRun[] {
  return existsSync(SCHOOL_LIST_RUNS) ? (JSON.parse(readFileSync(SCHOOL_LIST_RUNS, 'utf8')) as SchoolListRun[]) : [];
}

export function appendSchoolListRun(run: Omit<SchoolListRun, 'measuredAt' | 'machineLoad'>): void {
  mkdirSync(join(SCHOOL_LIST_RUNS, '..'), { recursive: true });
  const runs = readRuns();
  runs.push({ ...run, measuredAt: new Date().toISOString(), machineLoad: loadavg().map((n) => Math.round(n * 100) / 100) });
  writeFileSync(SCHOOL_LIST_RUNS, `${JSON.stringify(runs, null, 1)}\n`);
}

const ms = (n: number) => `${Math.round(n).toLocaleString('en-GB')} ms`;
const s = (n: number) => `${(n / 1000).toFixed(1)} s`;
const spread = (values: number[], format: (n: number) => string) => `${format(Math.min(...values))}-${format(Math.max(...values))}`;

export function schoolListTable(runs: readonly SchoolListRun[]): string {
  const last = runs.slice(-3);
  const rows = last.map(
    (run, i) =>
      `| ${i + 1} | ${run.runs.fastPath} + ${run.runs.schedule} | ${ms(run.fastPath.p50)} / ${ms(run.fastPath.p95)} | ${s(run.schedule.p50)} / ${s(run.schedule.p95)} (refresh ${run.refreshMinutes} min) | ${run.navigationRatio.toFixed(2)} × | ${run.machineLoad[0]?.toFixed(1)} | ${run.measuredAt.slice(0, 16).replace('T', ' ')} |`,
  );
  const summary =
    last.length === 0
      ? 'No full run yet.'
      : `Across ${last.length} run${last.length === 1 ? '' : 's'}${last.length < 3 ? ' (too few for a spread)' : ''}: fast path p50 ${spread(last.map((r) => r.fastPath.p50), ms)}, p95 ${spread(last.map((r) => r.fastPath.p95), ms)}; schedule alone p50 ${spread(last.map((r) => r.schedule.p50), s)}, p95 ${spread(last.map((r) => r.schedule.p95), s)}.`;
  return [
    START,
    '| run | fast-path + schedule clicks | fast path: click to site, p50 / p95 | schedule alone: click to rule in force, p50 / p95 | pupil navigation through the block page vs a plain load | load average at the end | when (UTC) |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    summary,
    END,
  ].join('\n');
}

if (process.argv[1]?.endsWith('school-lists-report.ts')) {
  writeReadmeBlock(START, END, schoolListTable(readRuns()));
  console.log('school lists: wrote the runs table into bench/README.md');
}
