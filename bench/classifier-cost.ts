/**
 * `npm run bench:classifier-cost`: what the on-device classifier costs in the worker, in real
 * Chromium: the model's load (fetch and decode, once per worker: measured over fresh workers) and
 * the scoring of one navigation's host (every category's score and the decision on it), timed
 * inside the worker on hosts of every shape: a fresh worker's first host on its own (the JIT cold),
 * then batches (the worker's clock is too coarse for one host). The model's size is fixed by its bits, not by the
 * lists it learnt from, so the test build's model (trained on the seed lists) costs what the
 * real-lists model does. Target: under 1 ms per navigation.
 *
 *   --hosts N     hosts scored per worker (default 2,000)
 *   --workers N   fresh workers whose load is timed (default 10)
 *   --small       200 hosts, 3 workers, and no README figures: keeps it working in CI
 */
import { parseArgs } from 'node:util';
import { type ClassifierCost, COST_BATCH } from '../src/background/classifier/cost';
import { launchWithExtension, waitForWorkerState } from '../test/e2e/harness';
import { acquireRunLock } from '../test/e2e/harness/run-lock';
import { classifierCostBlock, CLASSIFIER_COST_END, CLASSIFIER_COST_START } from './classifier-cost-report';
import { writeReadmeBlock } from './lib/readme-block';
import { median, quantile, round } from './lib/stats';
import { mergeResults } from './results';

const { values: args } = parseArgs({ options: { hosts: { type: 'string' }, workers: { type: 'string' }, small: { type: 'boolean' } } });
const HOSTS = Number(args.hosts ?? (args.small ? 200 : 2_000));
const WORKERS = Number(args.workers ?? (args.small ? 3 : 10));

/** Hosts of every shape a pupil visits: short and long names, deep subdomains, country suffixes, digits and hyphens. */
function benchHosts(count: number): string[] {
  const words = ['learn', 'maths', 'news', 'play', 'video', 'shop', 'club', 'school', 'free', 'online', 'hub', 'world', 'cloud', 'quiz', 'tube', 'zone'];
  const suffixes = ['com', 'co.uk', 'org', 'net', 'org.uk', 'io', 'ac.uk', 'info', 'de', 'tv'];
  return Array.from({ length: count }, (_, i) => {
    const a = words[i % words.length]!;
    const b = words[(i * 7 + 3) % words.length]!;
    const sub = i % 3 === 0 ? `cdn-${i % 97}.assets.` : i % 3 === 1 ? 'www.' : '';
    return `${sub}${a}${i % 5 === 0 ? '-' : ''}${b}${i}.${suffixes[i % suffixes.length]}`;
  });
}

async function main(): Promise<void> {
  const release = await acquireRunLock();
  const session = await launchWithExtension({ policy: { extension: { role: 'pupil', yearGroup: 'Y7' } } });
  try {
    await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y7', { what: 'the Year 7 profile' });
    const hosts = benchHosts(HOSTS);
    const runs: ClassifierCost[] = [];
    for (let worker = 0; worker < WORKERS; worker++) {
      if (worker > 0) await session.stopWorker();
      await waitForWorkerState(session, (s) => s.profile !== null, { what: 'a fresh worker' });
      runs.push(
        await session.evaluateInWorker(
          (list: string[]) => (globalThis as unknown as { schoolFilter: { classifierCost(hosts: string[]): Promise<ClassifierCost> } }).schoolFilter.classifierCost(list),
          hosts,
        ),
      );
    }
    const loads = runs.map((run) => run.loadMs);
    const firsts = runs.map((run) => run.firstMs);
    const perHost = runs.flatMap((run) => run.perHostMs);
    const result = {
      hosts: HOSTS,
      workers: WORKERS,
      batch: COST_BATCH,
      modelBytes: runs[0]!.modelBytes,
      loadMs: { p50: round(median(loads), 2), max: round(Math.max(...loads), 2) },
      firstScoreMs: { p50: round(median(firsts), 2), max: round(Math.max(...firsts), 2) },
      scoreMs: { p50: round(median(perHost), 4), p95: round(quantile(perHost, 0.95), 4), max: round(Math.max(...perHost), 4) },
      target: 'scoring under 1 ms per navigation',
    };
    console.log(
      `classifier cost: model ${(result.modelBytes / 1024).toFixed(0)} KiB loads in p50 ${result.loadMs.p50} ms (max ${result.loadMs.max}) over ${WORKERS} workers;` +
        ` a fresh worker's first host ${result.firstScoreMs.p50} ms (max ${result.firstScoreMs.max}); then per host p50 ${result.scoreMs.p50} ms, p95 ${result.scoreMs.p95}, worst batch ${result.scoreMs.max} (${perHost.length} batches of ${COST_BATCH})`,
    );
    mergeResults(args.small ? 'classifierCostSmall' : 'classifierCost', result);
    if (!args.small) writeReadmeBlock(CLASSIFIER_COST_START, CLASSIFIER_COST_END, classifierCostBlock({ ...result, measuredAt: new Date().toISOString() }));
  } finally {
    await session.close();
    release();
  }
}

await main();
