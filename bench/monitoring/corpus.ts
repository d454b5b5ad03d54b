/**
 * The labelled corpus for the risk phrase lists: held-out.txt (written before the lists, never
 * tuned on), probe.txt (written after the first lists by rewording; looked at while writing the
 * second round, so development from then on), probe-2.txt (written and committed before the
 * second round of lists, never tuned on) and dev.txt (the lists are tuned on it). One text per line:
 * `expected risks | source | language | text`. A line that does not parse stops the run, naming
 * the file and line, so a typo never quietly drops a labelled text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RISK_IDS, type RiskId, type RiskText } from '../../server/src/monitoring/risks';

export const CORPUS_PARTS = ['held-out', 'probe', 'probe-2', 'dev'] as const;
export type CorpusPart = (typeof CORPUS_PARTS)[number];

/** What each part is, as the README table's legend says it: which parts the lists were tuned on matters more than any figure. */
export const CORPUS_PART_ABOUT: Record<CorpusPart, string> = {
  'held-out': 'written before the first lists, never tuned on, but by their author with its texts in mind',
  probe: 'written after the first lists by rewording; looked at while writing the second round, so development from then on',
  'probe-2': 'written before the second round of lists and committed alone, never tuned on',
  dev: 'the lists are tuned on it',
};

export interface LabelledText extends RiskText {
  expected: RiskId[];
  language: string;
  line: number;
}

export function corpusPath(part: CorpusPart): string {
  return join(import.meta.dirname, `${part}.txt`);
}

export function parseCorpus(text: string, file: string): LabelledText[] {
  const texts: LabelledText[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${file}:${index + 1}`;
    const fields = line.split(' | ');
    if (fields.length < 4) throw new Error(`${where}: expected "risks | source | language | text"`);
    const [risks, source, language] = fields as [string, string, string];
    const body = fields.slice(3).join(' | ').trim();
    const expected = risks === '-' ? [] : risks.split(',').map((risk) => risk.trim());
    for (const risk of expected) if (!(RISK_IDS as readonly string[]).includes(risk)) throw new Error(`${where}: "${risk}" is not a risk id`);
    if (source !== 'search' && source !== 'title') throw new Error(`${where}: source "${source}" is not search or title`);
    if (!/^[a-z]{2,3}$/.test(language)) throw new Error(`${where}: "${language}" is not a language tag`);
    if (body === '') throw new Error(`${where}: no text`);
    texts.push({ expected: expected as RiskId[], source, language, text: body, line: index + 1 });
  });
  return texts;
}

export function readCorpus(part: CorpusPart): LabelledText[] {
  return parseCorpus(readFileSync(corpusPath(part), 'utf8'), `bench/monitoring/${part}.txt`);
}
