/**
 * Benchmarks write their figures into bench/results/latest.json, one key per
 * benchmark, with the machine they ran on, so the table in bench/README.md can
 * be checked against the run that produced it.
 */
import { cpus, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { findChrome } from '../test/e2e/harness/chrome-path';

const RESULTS = join(import.meta.dirname, 'results', 'latest.json');

function machine(): Record<string, unknown> {
  let chromium = 'unknown';
  try {
    chromium = execFileSync(findChrome(), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // reported as unknown
  }
  return { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, chromium };
}

export function mergeResults(key: string, value: unknown): void {
  mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
  const current = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};
  current[key] = { ...(value as object), measuredAt: new Date().toISOString(), machine: machine() };
  writeFileSync(RESULTS, `${JSON.stringify(current, null, 2)}\n`);
}
