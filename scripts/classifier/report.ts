/** The classifier's validation as bench/README.md shows it (written by the run, never by hand). */
import type { Validation } from './build-model';
import { BLOCK_PRECISION, WARN_PRECISION } from './build-model';

export const CLASSIFIER_START = '<!-- classifier validation: written by `npm run classifier:validate`; do not edit by hand -->';
export const CLASSIFIER_END = '<!-- end of classifier validation -->';

export interface ClassifierResult extends Validation {
  measuredAt: string;
  trainingMs: number;
  trainedOn: string;
}

const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);
const SHOWN = 12;

export function classifierBlock(result: ClassifierResult): string {
  const rows = result.categories.map(
    (c) =>
      `| ${c.category} | ${c.trainingPositives.toLocaleString('en-GB')} | ${c.block.positives.toLocaleString('en-GB')} | ${c.blockAt.toFixed(3)} | **${percent(c.block.precision)}** | **${percent(c.block.recall)}** | ${c.warnAt.toFixed(3)} | ${percent(c.warn.precision)} | ${percent(c.warn.recall)} | ${c.benignBlocked.length} / ${c.benignWarned.length} |`,
  );
  const benign = result.categories.flatMap((c) =>
    c.benignBlocked.length + c.benignWarned.length === 0
      ? []
      : [
          `- ${c.category}: would stop ${c.benignBlocked.length}${c.benignBlocked.length ? ` (${c.benignBlocked.slice(0, SHOWN).map((b) => `${b.host} ${b.score} [${b.references.join(', ')}]`).join('; ')}${c.benignBlocked.length > SHOWN ? '; ...' : ''})` : ''}, warn on ${c.benignWarned.length}${c.benignWarned.length ? ` (${c.benignWarned.slice(0, SHOWN).map((b) => `${b.host} ${b.score}`).join('; ')}${c.benignWarned.length > SHOWN ? '; ...' : ''})` : ''}`,
        ],
  );
  return [
    CLASSIFIER_START,
    `Measured ${result.measuredAt.slice(0, 10)}: trained on ${result.examples.train.toLocaleString('en-GB')} hosts, thresholds set on ${result.examples.calibrate.toLocaleString('en-GB')}, validated on ${result.examples.validate.toLocaleString('en-GB')} never trained on (${result.benignValidationHosts.toLocaleString('en-GB')} of them benign references). Model ${(result.modelBytes / 1024).toFixed(0)} KiB, trained in ${(result.trainingMs / 1000).toFixed(1)} s; training data sha256 ${result.trainedOn.slice(0, 12)}.`,
    '',
    `| category | listed hosts trained on | listed hosts validated | block at | block precision | block recall | warn at | warn-or-block precision | warn-or-block recall | benign validation hosts blocked / warned |`,
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Thresholds: the lowest score reaching ${BLOCK_PRECISION * 100}% precision (block) and ${WARN_PRECISION * 100}% (warn) on the calibration split, never below 0.5. Precision is against everything else in the validation split: the benign references and every other category's hosts.`,
    ...(benign.length ? ['', 'Benign reference sites in the validation split the model would act on:', ...benign] : ['', 'No benign reference site in the validation split reaches a threshold.']),
    CLASSIFIER_END,
  ].join('\n');
}
