/**
 * Precision and recall of the risk phrase lists on the labelled corpus, per risk and over all
 * risks, and the table bench/README.md shows. Pure: the same lists and corpus give the same
 * table, which is how test/unit/risk-phrase-figures.test.ts checks the README is fresh.
 */
import { RISK_IDS, RISK_NAMES, type RiskId, type RiskMatcher } from '../../server/src/monitoring/risks';
import { CORPUS_PART_ABOUT, CORPUS_PARTS, type CorpusPart, type LabelledText } from './corpus';

export interface Counts {
  /** Texts labelled with the risk. */
  labelled: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Miss {
  line: number;
  text: string;
  expected: RiskId[];
  got: RiskId[];
}

export interface PartScore {
  texts: number;
  languages: string[];
  perRisk: Record<RiskId, Counts>;
  overall: Counts;
  /** Texts labelled with no risk, and how many of them raised nothing. */
  benign: { texts: number; silent: number };
  misses: Miss[];
}

const empty = (): Counts => ({ labelled: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0 });

export function scorePart(matcher: RiskMatcher, texts: readonly LabelledText[]): PartScore {
  const perRisk = Object.fromEntries(RISK_IDS.map((risk) => [risk, empty()])) as Record<RiskId, Counts>;
  const overall = empty();
  const benign = { texts: 0, silent: 0 };
  const misses: Miss[] = [];
  for (const labelled of texts) {
    const got = [...new Set(matcher.match(labelled).map((hit) => hit.risk))].sort();
    const expected = [...labelled.expected].sort();
    for (const risk of RISK_IDS) {
      const wanted = expected.includes(risk);
      const found = got.includes(risk);
      const counts = perRisk[risk];
      if (wanted) counts.labelled += 1;
      if (wanted && found) counts.truePositives += 1;
      if (!wanted && found) counts.falsePositives += 1;
      if (wanted && !found) counts.falseNegatives += 1;
    }
    if (expected.length === 0) {
      benign.texts += 1;
      if (got.length === 0) benign.silent += 1;
    }
    if (expected.join() !== got.join()) misses.push({ line: labelled.line, text: labelled.text, expected, got });
  }
  for (const counts of Object.values(perRisk)) {
    overall.labelled += counts.labelled;
    overall.truePositives += counts.truePositives;
    overall.falsePositives += counts.falsePositives;
    overall.falseNegatives += counts.falseNegatives;
  }
  return { texts: texts.length, languages: [...new Set(texts.map((text) => text.language))].sort(), perRisk, overall, benign, misses };
}

export const precision = (c: Counts): number | null => (c.truePositives + c.falsePositives === 0 ? null : c.truePositives / (c.truePositives + c.falsePositives));
export const recall = (c: Counts): number | null => (c.labelled === 0 ? null : c.truePositives / c.labelled);

const percent = (value: number | null, numerator: number, denominator: number) => (value === null ? 'n/a' : `${Math.round(value * 100)}% (${numerator}/${denominator})`);
const cells = (c: Counts) => [percent(precision(c), c.truePositives, c.truePositives + c.falsePositives), percent(recall(c), c.truePositives, c.labelled)];

export const PRECISION_START = '<!-- risk phrase precision: written by bench/phrase-precision.ts (npm run bench:phrases) -->';
export const PRECISION_END = '<!-- end of risk phrase precision -->';

export function precisionTable(scores: Record<CorpusPart, PartScore>): string {
  const rows = RISK_IDS.map((risk) => `| ${RISK_NAMES[risk]} | ${CORPUS_PARTS.flatMap((part) => [String(scores[part].perRisk[risk].labelled), ...cells(scores[part].perRisk[risk])]).join(' | ')} |`);
  const overall = `| **all risks** | ${CORPUS_PARTS.flatMap((part) => [String(scores[part].overall.labelled), ...cells(scores[part].overall).map((cell) => `**${cell}**`)]).join(' | ')} |`;
  const benign = `| benign texts that raised nothing | ${CORPUS_PARTS.flatMap((part) => [String(scores[part].benign.texts), percent(scores[part].benign.silent / scores[part].benign.texts, scores[part].benign.silent, scores[part].benign.texts), '']).join(' | ')} |`;
  const about = CORPUS_PARTS.map((part) => `${part}: ${scores[part].texts} texts in ${scores[part].languages.length} languages (${scores[part].languages.join(', ')}), ${scores[part].misses.length} not labelled exactly`).join('; ');
  return [
    PRECISION_START,
    `| risk | ${CORPUS_PARTS.map((part) => `${part}: texts | ${part}: precision | ${part}: recall`).join(' | ')} |`,
    `|---|${CORPUS_PARTS.map(() => '---|---|---|').join('')}`,
    ...rows,
    overall,
    benign,
    '',
    `Parts: ${CORPUS_PARTS.map((part) => `**${part}**, ${CORPUS_PART_ABOUT[part]}`).join('; ')}.`,
    '',
    `${about}.`,
    PRECISION_END,
  ].join('\n');
}
