/**
 * Every full page-load run, kept in bench/results/page-load-runs.json, so the
 * README's table comes from several runs (the spread says whether a ratio is
 * real or noise: a single run on a busy machine once gave 0.991 that did not
 * reproduce) and is written by page-load-report.ts, never by hand.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

export const RUNS_FILE = join(import.meta.dirname, 'results', 'page-load-runs.json');

export interface PageLoadRun {
  lists: string;
  pathTypes: string;
  worstCaseStaticRules: number;
  loads: number;
  medianMs: { extension: number; baseline: number };
  ratio: number;
  measuredAt: string;
  machineLoad?: number[];
}

export function readPageLoadRuns(path = RUNS_FILE): PageLoadRun[] {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as PageLoadRun[]) : [];
}

export function appendPageLoadRun(run: Omit<PageLoadRun, 'machineLoad'> & Record<string, unknown>, path = RUNS_FILE): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const runs = readPageLoadRuns(path);
  runs.push({
    lists: run.lists,
    pathTypes: run.pathTypes,
    worstCaseStaticRules: run.worstCaseStaticRules,
    loads: run.loads,
    medianMs: run.medianMs,
    ratio: run.ratio,
    measuredAt: run.measuredAt,
    machineLoad: loadavg().map((n) => Math.round(n * 100) / 100),
  });
  writeFileSync(path, `${JSON.stringify(runs, null, 1)}\n`);
}
