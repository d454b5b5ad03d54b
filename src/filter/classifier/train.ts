/**
 * Training at build time (pure, deterministic: the same examples in the same order give the same
 * bytes). One-vs-rest logistic regression by stochastic gradient descent over hashed hostname
 * features, classes weighted equally so a large list does not drown a small one, weights
 * quantised to bytes; then thresholds chosen on a calibration split the weights never saw.
 */
import type { CategoryId } from '../../shared/categories';
import { featureBuckets } from './hostname-features';
import type { CategoryModel } from './model';

/** Hosts' feature buckets packed flat: host i's buckets are buckets[offsets[i] .. offsets[i+1]). */
export interface FeatureTable {
  hosts: string[];
  offsets: Uint32Array;
  buckets: Uint32Array;
}

export function featureTable(hosts: readonly string[], bits: number): FeatureTable {
  const lists = hosts.map((host) => featureBuckets(host, bits));
  const offsets = new Uint32Array(hosts.length + 1);
  lists.forEach((list, i) => (offsets[i + 1] = offsets[i]! + list.length));
  const buckets = new Uint32Array(offsets[hosts.length]!);
  lists.forEach((list, i) => buckets.set(list, offsets[i]!));
  return { hosts: [...hosts], offsets, buckets };
}

export interface TrainingOptions {
  bits: number;
  epochs: number;
  learningRate: number;
  /** Per-step shrinkage of the weights a step touches. */
  l2: number;
  seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { bits: 17, epochs: 6, learningRate: 0.1, l2: 1e-6, seed: 20261130 };

/** A deterministic permutation (xorshift32, Fisher-Yates). */
function shuffled(count: number, seed: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let state = seed >>> 0 || 1;
  for (let i = count - 1; i > 0; i--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = (state >>> 0) % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Weights and bias in floating point, before quantising. */
export interface TrainedWeights {
  bias: number;
  weights: Float64Array;
}

/** `labels[i]` is 1 when host i is in the category. */
export function trainCategory(table: FeatureTable, labels: Uint8Array, options: TrainingOptions): TrainedWeights {
  const weights = new Float64Array(1 << options.bits);
  let bias = 0;
  const count = labels.length;
  const positives = labels.reduce((sum, label) => sum + label, 0);
  // Each class weighs half the total, whatever its size.
  const classWeight = [count / (2 * Math.max(1, count - positives)), count / (2 * Math.max(1, positives))];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const rate = options.learningRate / (1 + epoch);
    const order = shuffled(count, options.seed + epoch);
    for (const i of order) {
      const from = table.offsets[i]!;
      const to = table.offsets[i + 1]!;
      let sum = bias;
      for (let k = from; k < to; k++) sum += weights[table.buckets[k]!]!;
      const label = labels[i]!;
      const step = rate * (sigmoid(sum) - label) * classWeight[label]!;
      bias -= step;
      for (let k = from; k < to; k++) {
        const bucket = table.buckets[k]!;
        weights[bucket] = weights[bucket]! * (1 - options.l2) - step;
      }
    }
  }
  return { bias, weights };
}

/** Signed bytes and the scale that turns them back into weights. */
export function quantise(trained: TrainedWeights): { bias: number; scale: number; weights: Int8Array } {
  let largest = 0;
  for (const weight of trained.weights) largest = Math.max(largest, Math.abs(weight));
  const scale = largest > 0 ? largest / 127 : 1;
  const weights = new Int8Array(trained.weights.length);
  for (let i = 0; i < weights.length; i++) weights[i] = Math.round(trained.weights[i]! / scale);
  return { bias: trained.bias, scale, weights };
}

/** Scores of every host in a table under a quantised category model. */
export function scoreTable(table: FeatureTable, model: Pick<CategoryModel, 'bias' | 'scale' | 'weights'>): Float64Array {
  const scores = new Float64Array(table.hosts.length);
  for (let i = 0; i < scores.length; i++) {
    let sum = 0;
    for (let k = table.offsets[i]!; k < table.offsets[i + 1]!; k++) sum += model.weights[table.buckets[k]!]!;
    scores[i] = sigmoid(model.bias + model.scale * sum);
  }
  return scores;
}

/**
 * The lowest score at which the hosts scoring at least that much are right at least `precision`
 * of the time (on the calibration split), and never below `floor`. 1.01 (nothing) when no
 * threshold reaches it: a category the lists cannot teach is never acted on.
 */
export function thresholdFor(scores: Float64Array, labels: Uint8Array, precision: number, floor: number): number {
  const order = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b);
  let truePositives = 0;
  let best = 1.01;
  for (let rank = 0; rank < order.length; rank++) {
    const i = order[rank]!;
    truePositives += labels[i]!;
    // Only where the score changes: hosts with equal scores are taken together.
    const next = order[rank + 1];
    if (next !== undefined && scores[next] === scores[i]) continue;
    if (scores[i]! < floor) break;
    if (truePositives / (rank + 1) >= precision) best = scores[i]!;
  }
  return best;
}

export interface Confusion {
  truePositives: number;
  falsePositives: number;
  positives: number;
  precision: number | null;
  recall: number | null;
}

export function confusionAt(scores: Float64Array, labels: Uint8Array, threshold: number): Confusion {
  let truePositives = 0;
  let falsePositives = 0;
  let positives = 0;
  for (let i = 0; i < scores.length; i++) {
    positives += labels[i]!;
    if (scores[i]! < threshold) continue;
    if (labels[i]) truePositives++;
    else falsePositives++;
  }
  const stopped = truePositives + falsePositives;
  return {
    truePositives,
    falsePositives,
    positives,
    precision: stopped > 0 ? truePositives / stopped : null,
    recall: positives > 0 ? truePositives / positives : null,
  };
}

export type { CategoryId };
