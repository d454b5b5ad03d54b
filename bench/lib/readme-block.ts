/**
 * Figures in bench/README.md are written by the runs: each lives between a start and an end
 * marker, and a run replaces what is between them (markers included, so a block carries its own).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BENCH_README = join(import.meta.dirname, '..', 'README.md');

/** The markers themselves are part of `block`: it starts with `start` and ends with `end`. */
export function writeReadmeBlock(start: string, end: string, block: string, readmePath = BENCH_README): void {
  if (!block.startsWith(start) || !block.endsWith(end)) throw new Error('a README block starts and ends with its own markers');
  const readme = readFileSync(readmePath, 'utf8');
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${readmePath} has no block starting "${start}"`);
  writeFileSync(readmePath, `${readme.slice(0, from)}${block}${readme.slice(to + end.length)}`);
}
