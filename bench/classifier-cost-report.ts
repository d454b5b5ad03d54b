/** The classifier's cost as bench/README.md shows it (written by bench/classifier-cost.ts, never by hand). */
export const CLASSIFIER_COST_START = '<!-- classifier cost: written by `npm run bench:classifier-cost`; do not edit by hand -->';
export const CLASSIFIER_COST_END = '<!-- end of classifier cost -->';

export interface ClassifierCostResult {
  measuredAt: string;
  hosts: number;
  workers: number;
  batch: number;
  modelBytes: number;
  loadMs: { p50: number; max: number };
  firstScoreMs: { p50: number; max: number };
  scoreMs: { p50: number; p95: number; max: number };
}

export function classifierCostBlock(result: ClassifierCostResult): string {
  return [
    CLASSIFIER_COST_START,
    `Measured ${result.measuredAt.slice(0, 10)} in the worker of real Chromium (test build). Target: scoring under 1 ms per navigation.`,
    '',
    '| what | p50 | p95 | max |',
    '|---|---|---|---|',
    `| model load (fetch + decode, ${(result.modelBytes / 1024).toFixed(0)} KiB), ${result.workers} fresh workers | ${result.loadMs.p50} ms | | ${result.loadMs.max} ms |`,
    `| a fresh worker's first host (the JIT cold) | ${result.firstScoreMs.p50} ms | | ${result.firstScoreMs.max} ms |`,
    `| then one navigation's host (batches of ${result.batch}, ${result.hosts.toLocaleString('en-GB')} hosts per worker) | ${result.scoreMs.p50} ms | ${result.scoreMs.p95} ms | ${result.scoreMs.max} ms |`,
    CLASSIFIER_COST_END,
  ].join('\n');
}
