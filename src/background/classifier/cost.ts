/**
 * What the classifier costs in this worker (test builds: the handle behind bench/classifier-cost.ts):
 * the model's load, and per host every category's score (scoreHost: what a navigation costs when
 * the model acts; the same whatever lists it was trained on, since the size is fixed by its bits)
 * and the decision on it, timed host by host.
 */
import { classifyHost } from '../../filter/classifier/decide';
import { scoreHost } from '../../filter/classifier/model';
import { DEFAULT_CLASSIFIER } from '../../policy/classifier';
import type { Profile } from '../../policy/profile';
import { classifierModel } from './model';

export interface ClassifierCost {
  loadMs: number;
  modelBytes: number;
  /** Per host, in milliseconds, in the order given. */
  scoreMs: number[];
  decided: number;
}

export async function measureClassifierCost(profile: Profile | null, hosts: readonly string[]): Promise<ClassifierCost> {
  const loaded = await classifierModel();
  if (!loaded) throw new Error('no classifier model in this build');
  // The pupils' defaults when no profile asks for anything: the cost of scoring, not of skipping it.
  const settings = profile && Object.values(profile.classifier).some((s) => s !== 'off') ? profile.classifier : DEFAULT_CLASSIFIER.pupil;
  const scoreMs: number[] = [];
  let decided = 0;
  for (const host of hosts) {
    const started = performance.now();
    scoreHost(loaded.model, host);
    if (classifyHost(loaded.model, host, settings)) decided++;
    scoreMs.push(performance.now() - started);
  }
  return { loadMs: loaded.loadMs, modelBytes: loaded.bytes, scoreMs, decided };
}
