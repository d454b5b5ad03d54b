/**
 * The classifier's model and its scoring (pure). One logistic regression per category over the
 * hashed hostname features (hostname-features.ts), weights quantised to signed bytes: a category
 * costs 2^bits bytes, and scoring a host is a few dozen additions. The same model file is made by
 * the build (scripts/classifier/) and read by the worker.
 */
import type { CategoryId } from '../../shared/categories';
import { featureBuckets } from './hostname-features';

export const MODEL_FORMAT = 1;

export interface CategoryModel {
  category: CategoryId;
  bias: number;
  /** A weight is `scale * byte`. */
  scale: number;
  /** 2^bits signed bytes. */
  weights: Int8Array;
  /** At or above: stop it (where the profile blocks the category). */
  blockAt: number;
  /** At or above, below blockAt: the warn page. */
  warnAt: number;
}

export interface HostClassifier {
  format: typeof MODEL_FORMAT;
  bits: number;
  /** sha256 of the training lists, so a model can be traced to what it learnt from. */
  trainedOn: string;
  categories: CategoryModel[];
}

export interface CategoryScore {
  category: CategoryId;
  /** Probability-like, 0..1. */
  score: number;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Every category's score for a host, highest first. */
export function scoreHost(model: HostClassifier, host: string): CategoryScore[] {
  const buckets = featureBuckets(host, model.bits);
  return model.categories
    .map((category) => {
      let sum = 0;
      for (const bucket of buckets) sum += category.weights[bucket]!;
      return { category: category.category, score: sigmoid(category.bias + category.scale * sum) };
    })
    .sort((a, b) => b.score - a.score);
}

/**
 * The binary layout (little-endian), so the worker loads it without parsing JSON numbers:
 * "HCM1", u8 format, u8 bits, u8 category count, 32 bytes of trainedOn (sha256), then per
 * category: u8 id length, id (ASCII), f32 bias, f32 scale, f32 blockAt, f32 warnAt, 2^bits i8 weights.
 */
const MAGIC = 'HCM1';

export function encodeModel(model: HostClassifier): Uint8Array {
  const size = model.categories.reduce((sum, c) => sum + 1 + c.category.length + 16 + (1 << model.bits), 4 + 3 + 32);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const char of MAGIC) bytes[at++] = char.charCodeAt(0);
  bytes[at++] = model.format;
  bytes[at++] = model.bits;
  bytes[at++] = model.categories.length;
  for (let i = 0; i < 32; i++) bytes[at++] = parseInt(model.trainedOn.slice(i * 2, i * 2 + 2), 16);
  for (const category of model.categories) {
    bytes[at++] = category.category.length;
    for (const char of category.category) bytes[at++] = char.charCodeAt(0);
    for (const value of [category.bias, category.scale, category.blockAt, category.warnAt]) {
      view.setFloat32(at, value, true);
      at += 4;
    }
    bytes.set(new Uint8Array(category.weights.buffer, category.weights.byteOffset, category.weights.length), at);
    at += category.weights.length;
  }
  return bytes;
}

export function decodeModel(bytes: Uint8Array, isCategory: (id: string) => id is CategoryId): HostClassifier {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (from: number, length: number) => String.fromCharCode(...bytes.subarray(from, from + length));
  if (text(0, 4) !== MAGIC) throw new Error('not a hostname classifier model (no HCM1 header)');
  let at = 4;
  const format = bytes[at++]!;
  if (format !== MODEL_FORMAT) throw new Error(`classifier model format ${format}, expected ${MODEL_FORMAT}`);
  const bits = bytes[at++]!;
  const count = bytes[at++]!;
  const trainedOn = [...bytes.subarray(at, at + 32)].map((b) => b.toString(16).padStart(2, '0')).join('');
  at += 32;
  const categories: CategoryModel[] = [];
  for (let i = 0; i < count; i++) {
    const id = text(at + 1, bytes[at]!);
    at += 1 + id.length;
    if (!isCategory(id)) throw new Error(`classifier model names an unknown category "${id}"`);
    const [bias, scale, blockAt, warnAt] = [0, 1, 2, 3].map((k) => view.getFloat32(at + k * 4, true)) as [number, number, number, number];
    at += 16;
    if (at + (1 << bits) > bytes.length) throw new Error('classifier model is cut short');
    const weights = new Int8Array(bytes.buffer, bytes.byteOffset + at, 1 << bits);
    at += 1 << bits;
    categories.push({ category: id, bias, scale, weights, blockAt, warnAt });
  }
  if (at !== bytes.length) throw new Error('classifier model has trailing bytes');
  return { format: MODEL_FORMAT, bits, trainedOn, categories };
}
