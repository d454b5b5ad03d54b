/**
 * bench/README.md's precision and recall of the risk phrase lists are written by
 * `npm run bench:phrases`; this computes them afresh from the lists and the corpus and checks the
 * README says the same, and that the lists keep the floors we can honestly meet on the held-out
 * part (written before the lists, never tuned on) and on probe-2 (written before the second round
 * of lists, never tuned on). Probe-2's floors are set a little below what the second round
 * measured (per risk, one text fewer than measured still passes), so a list change that costs a
 * text or two there does not fail CI, while losing the second round's gains does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COST_END, COST_START, scoreCorpus } from '../../bench/phrase-precision';
import { precision, precisionTable, PRECISION_END, PRECISION_START, recall } from '../../bench/monitoring/score';
import { parseCorpus, readCorpus } from '../../bench/monitoring/corpus';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'bench', 'README.md'), 'utf8');
const scores = scoreCorpus();

describe("bench/README.md's risk phrase figures", () => {
  it('agree with a fresh computation on the lists and corpus', () => {
    const committed = README.slice(README.indexOf(PRECISION_START), README.indexOf(PRECISION_END) + PRECISION_END.length);
    expect(committed, 'run `npm run bench:phrases` and commit bench/README.md').toBe(precisionTable(scores));
  });

  it('state the per-text cost from a run', () => {
    const block = README.slice(README.indexOf(COST_START), README.indexOf(COST_END));
    expect(block).toMatch(/\*\*[\d.]+ µs per text\*\* \(median of \d+ rounds over the \d+ corpus texts/);
  });
});

describe('the lists on the held-out part of the corpus', () => {
  const heldOut = scores['held-out'];

  it.each(['self-harm', 'suicide', 'cse', 'extremism'] as const)('%s: precision and recall at least 90%%', (risk) => {
    const counts = heldOut.perRisk[risk];
    expect(counts.labelled).toBeGreaterThanOrEqual(8);
    expect(precision(counts)).toBeGreaterThanOrEqual(0.9);
    expect(recall(counts)).toBeGreaterThanOrEqual(0.9);
  });

  it('over all risks: precision and recall at least 85%, and at least 90% of benign look-alikes silent', () => {
    expect(precision(heldOut.overall)).toBeGreaterThanOrEqual(0.85);
    expect(recall(heldOut.overall)).toBeGreaterThanOrEqual(0.85);
    expect(heldOut.benign.silent / heldOut.benign.texts).toBeGreaterThanOrEqual(0.9);
  });

  it('has every risk and several languages labelled', () => {
    expect(Object.values(heldOut.perRisk).every((counts) => counts.labelled >= 5)).toBe(true);
    expect(heldOut.languages.length).toBeGreaterThanOrEqual(10);
    expect(readCorpus('held-out').filter((text) => text.expected.length === 0).length).toBeGreaterThanOrEqual(50);
  });
});

describe('the lists on probe-2 (written before the second round of lists, never tuned on)', () => {
  const probe2 = scores['probe-2'];

  // Measured when set (2026-11-30): suicide 95% recall (39/41), self-harm 93% (13/14), CSE 91% (10/11), extremism 100% (9/9); precision 98-100%.
  it.each([
    ['suicide', 0.9],
    ['self-harm', 0.85],
    ['cse', 0.8],
    ['extremism', 0.85],
  ] as const)('%s: recall at least %s and precision at least 90%%', (risk, floor) => {
    const counts = probe2.perRisk[risk];
    expect(counts.labelled).toBeGreaterThanOrEqual(9);
    expect(recall(counts)).toBeGreaterThanOrEqual(floor);
    expect(precision(counts)).toBeGreaterThanOrEqual(0.9);
  });

  // Measured when set: precision 98% (112/114), recall 96% (112/117), 121 of 122 benign texts silent.
  it('over all risks: precision and recall at least 90%, and at least 95% of benign look-alikes silent', () => {
    expect(precision(probe2.overall)).toBeGreaterThanOrEqual(0.9);
    expect(recall(probe2.overall)).toBeGreaterThanOrEqual(0.9);
    expect(probe2.benign.silent / probe2.benign.texts).toBeGreaterThanOrEqual(0.95);
  });

  it('has every risk, the EAL languages, and at least as many benign look-alikes as concerning texts', () => {
    const texts = readCorpus('probe-2');
    expect(texts.length).toBeGreaterThanOrEqual(150);
    expect(Object.values(probe2.perRisk).every((counts) => counts.labelled >= 5)).toBe(true);
    expect(probe2.languages.length).toBeGreaterThanOrEqual(10);
    expect(probe2.benign.texts).toBeGreaterThanOrEqual(probe2.overall.labelled);
  });
});

describe('the corpus reader', () => {
  it('refuses a line it cannot read, naming the file and line', () => {
    expect(() => parseCorpus('# note\nsuicide | search | en | fine\nsadness | search | en | x', 'c.txt')).toThrow('c.txt:3: "sadness" is not a risk id');
    expect(() => parseCorpus('- | post | en | x', 'c.txt')).toThrow('c.txt:1: source "post"');
    expect(() => parseCorpus('- | search | en', 'c.txt')).toThrow('c.txt:1: expected');
  });

  it('keeps a text that has the separator in it', () => {
    expect(parseCorpus('gambling | title | en | Online Slots | Play Now', 'c.txt')[0]).toMatchObject({ expected: ['gambling'], source: 'title', text: 'Online Slots | Play Now', line: 1 });
  });
});
