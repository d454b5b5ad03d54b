/**
 * What the classifier costs in this worker (test builds: the handle behind bench/classifier-cost.ts):
 * the model's load, and per host every category's score (scoreHost: what a navigation costs when
 * the model acts; the same whatever lists it was trained on, since the size is fixed by its bits)
 * and the decision on it. A worker's clock is coarse (0.1 ms), so hosts are timed in batches; the
 * first host of a fresh worker (the JIT cold) is timed on its own.
 */
import { classifyHost } from '../../filter/classifier/decide';
import { scoreHost } from '../../filter/classifier/model';
import { DEFAULT_CLASSIFIER } from '../../policy/classifier';
import type { Profile } from '../../policy/profile';
import { classifierModel } from './model';

export const COST_BATCH = 50;

export interface ClassifierCost {
  loadMs: number;
  modelBytes: number;
  /** The first host scored in this worker, in milliseconds. */
  firstMs: number;
  /** Each later batch of COST_BATCH hosts, in milliseconds per host. */
  perHostMs: number[];
  decided: number;
}

export async function measureClassifierCost(profile: Profile | null, hosts: readonly string[]): Promise<ClassifierCost> {
  const loaded = await classifierModel();
  if (!loaded) throw new Error('no classifier model in this build');
  // The pupils' defaults when no profile asks for anything: the cost of scoring, not of skipping it.
  const settings = profile && Object.values(profile.classifier).some((s) => s !== 'off') ? profile.classifier : DEFAULT_CLASSIFIER.pupil;
  let decided = 0;
  const judge = (host: string) => {
    scoreHost(loaded.model, host);
    if (classifyHost(loaded.model, host, settings)) decided++;
  };
  const started = performance.now();
  judge(hosts[0]!);
  const firstMs = performance.now() - started;
  const perHostMs: number[] = [];
  for (let from = 1; from + COST_BATCH <= hosts.length; from += COST_BATCH) {
    const batchStarted = performance.now();
    for (const host of hosts.slice(from, from + COST_BATCH)) judge(host);
    perHostMs.push((performance.now() - batchStarted) / COST_BATCH);
  }
  return { loadMs: loaded.loadMs, modelBytes: loaded.bytes, firstMs, perHostMs, decided };
}
