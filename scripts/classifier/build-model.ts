/**
 * Trains the classifier from a dataset and measures it on the split it never saw (pure).
 * Thresholds: a block needs 99.5% precision on the calibration split, a warning 99%, and neither
 * goes below a score of 0.5 (a coin toss is never a decision). The warning's bar was 97% at first:
 * it warned on 4 in 100 benign reference sites it acted on, and on a school-looking name like
 * school-site.example (proxy 0.93): a filter that guesses must guess rarely, so it is 99%.
 */
import { createHash } from 'node:crypto';
import { CLASSIFIED_CATEGORIES, type ClassifiedCategory, type Dataset, type Example } from '../../src/filter/classifier/dataset';
import { MODEL_FORMAT, type CategoryModel, type HostClassifier } from '../../src/filter/classifier/model';
import { confusionAt, DEFAULT_TRAINING, featureTable, quantise, scoreTable, thresholdFor, trainCategory, type Confusion, type FeatureTable, type TrainingOptions } from '../../src/filter/classifier/train';

export const BLOCK_PRECISION = 0.995;
export const WARN_PRECISION = 0.99;
const THRESHOLD_FLOOR = 0.5;

export interface CategoryValidation {
  category: ClassifiedCategory;
  blockAt: number;
  warnAt: number;
  /** On the validation split: stopped at blockAt, and stopped or warned at warnAt. */
  block: Confusion;
  warn: Confusion;
  /** Benign reference hosts in the validation split at or above the thresholds, with their reference sets. */
  benignBlocked: { host: string; score: number; references: readonly string[] }[];
  benignWarned: { host: string; score: number; references: readonly string[] }[];
  trainingPositives: number;
}

export interface Validation {
  examples: { train: number; calibrate: number; validate: number };
  benignValidationHosts: number;
  categories: CategoryValidation[];
  modelBytes: number;
}

function labelsFor(examples: readonly Example[], category: ClassifiedCategory): Uint8Array {
  return Uint8Array.from(examples, (example) => (example.categories.has(category) ? 1 : 0));
}

/** sha256 of every example and its labels, in order: the model's `trainedOn`. */
export function datasetDigest(dataset: Dataset): string {
  const hash = createHash('sha256');
  for (const split of ['train', 'calibrate', 'validate'] as const) {
    for (const example of dataset[split]) hash.update(`${split} ${example.host} ${[...example.categories].sort().join(',')}\n`);
  }
  return hash.digest('hex');
}

export function buildModel(dataset: Dataset, options: TrainingOptions = DEFAULT_TRAINING): { model: HostClassifier; validation: Omit<Validation, 'modelBytes'> } {
  const tables: Record<keyof Dataset, FeatureTable> = {
    train: featureTable(dataset.train.map((e) => e.host), options.bits),
    calibrate: featureTable(dataset.calibrate.map((e) => e.host), options.bits),
    validate: featureTable(dataset.validate.map((e) => e.host), options.bits),
  };
  const categories: CategoryModel[] = [];
  const validations: CategoryValidation[] = [];
  for (const category of CLASSIFIED_CATEGORIES) {
    const trainLabels = labelsFor(dataset.train, category);
    const quantised = quantise(trainCategory(tables.train, trainLabels, options));
    const calibrationScores = scoreTable(tables.calibrate, quantised);
    const calibrationLabels = labelsFor(dataset.calibrate, category);
    const blockAt = thresholdFor(calibrationScores, calibrationLabels, BLOCK_PRECISION, THRESHOLD_FLOOR);
    const warnAt = Math.min(blockAt, thresholdFor(calibrationScores, calibrationLabels, WARN_PRECISION, THRESHOLD_FLOOR));
    categories.push({ category, ...quantised, blockAt, warnAt });

    const scores = scoreTable(tables.validate, quantised);
    const labels = labelsFor(dataset.validate, category);
    const benignAt = (threshold: number) =>
      dataset.validate
        .map((example, i) => ({ host: example.host, score: Math.round(scores[i]! * 1000) / 1000, references: example.references, listed: example.categories.size > 0 }))
        .filter((row, i) => !row.listed && row.references.length > 0 && scores[i]! >= threshold)
        .map(({ listed: _listed, ...row }) => row)
        .sort((a, b) => b.score - a.score || a.host.localeCompare(b.host));
    validations.push({
      category,
      blockAt,
      warnAt,
      block: confusionAt(scores, labels, blockAt),
      warn: confusionAt(scores, labels, warnAt),
      benignBlocked: benignAt(blockAt),
      benignWarned: benignAt(warnAt).filter((row) => row.score < blockAt),
      trainingPositives: trainLabels.reduce((sum, label) => sum + label, 0),
    });
  }
  return {
    model: { format: MODEL_FORMAT, bits: options.bits, trainedOn: datasetDigest(dataset), categories },
    validation: {
      examples: { train: dataset.train.length, calibrate: dataset.calibrate.length, validate: dataset.validate.length },
      benignValidationHosts: dataset.validate.filter((e) => e.categories.size === 0).length,
      categories: validations,
    },
  };
}
