/**
 * The model the rules build puts into the extension: trained on what the build imported and the
 * over-block audit's benign references (from-import.ts), encoded, and summarised for
 * rules/build/classifier.json. Deterministic: the same lists give the same bytes (the training is
 * seeded and the dataset sorted); only `trainingMs` differs between runs, and it is not in the bytes.
 */
import type { ImportResult } from '../../src/filter/import/types';
import { encodeModel } from '../../src/filter/classifier/model';
import type { ReferenceSet } from '../../src/filter/over-block-audit';
import { buildModel, type Validation } from './build-model';
import { datasetFromImport } from './from-import';

export interface BuiltClassifier {
  bytes: Uint8Array;
  summary: Validation & { trainedOn: string; trainingMs: number; acting: string[] };
}

export function classifierForBuild(imported: ImportResult, references: readonly ReferenceSet[]): BuiltClassifier {
  const started = performance.now();
  const { model, validation } = buildModel(datasetFromImport(imported, references));
  const bytes = encodeModel(model);
  const trainingMs = Math.round(performance.now() - started);
  // A category whose thresholds are above 1 can never be reached by a score: the model never acts on it.
  const acting = model.categories.filter((c) => c.warnAt <= 1).map((c) => c.category);
  return { bytes, summary: { trainedOn: model.trainedOn, trainingMs, modelBytes: bytes.length, acting, ...validation } };
}

/** The build's one line about the model. */
export function classifierLogLine(built: BuiltClassifier): string {
  const { summary } = built;
  const acts = summary.acting.length ? `acts on ${summary.acting.join(', ')}` : 'acts on no category (every threshold above 1: too few listed hosts to learn from)';
  return `rules: classifier trained in ${summary.trainingMs} ms on ${summary.examples.train} hosts (${(summary.modelBytes / 1024).toFixed(0)} KiB); ${acts}`;
}
