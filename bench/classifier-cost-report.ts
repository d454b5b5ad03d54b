/** The classifier's cost as bench/README.md shows it (written by bench/classifier-cost.ts, never by hand). */
export const CLASSIFIER_COST_START = '<!-- classifier cost: written by `npm run bench:classifier-cost`; do not edit by hand -->';
export const CLASSIFIER_COST_END = '<!-- end of classifier cost -->';

export interface ClassifierCostResult {
  measuredAt: string;
  hosts: number;
  workers: number;
  modelBytes: number;
  loadMs: { p50: number; max: number };
  scoreMs: { p50: number; p95: number; p99: number; max: number };
}

export function classifierCostBlock(result: ClassifierCostResult): string {
  return [
    CLASSIFIER_COST_START,
    `Measured ${result.measuredAt.slice(0, 10)} in the worker of real Chromium (test build). Target: scoring under 1 ms per navigation.`,
    '',
    '| what | p50 | p95 | p99 | max |',
    '|---|---|---|---|---|',
    `| model load (fetch + decode, ${(result.modelBytes / 1024).toFixed(0)} KiB), ${result.workers} fresh workers | ${result.loadMs.p50} ms | | | ${result.loadMs.max} ms |`,
    `| scoring one navigation's host, ${(result.hosts * result.workers).toLocaleString('en-GB')} hosts | ${result.scoreMs.p50} ms | ${result.scoreMs.p95} ms | ${result.scoreMs.p99} ms | ${result.scoreMs.max} ms |`,
    CLASSIFIER_COST_END,
  ].join('\n');
}
