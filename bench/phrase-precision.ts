/**
 * `npm run bench:phrases`: precision and recall of the risk phrase lists (server/risk-phrases/)
 * on the labelled corpus (bench/monitoring/), per risk, on each part (held-out, probe, probe-2 and
 * dev; corpus.ts says which were tuned on); and what matching costs per text, since the
 * endpoint runs it on every arriving search term and page title.
 *
 * Writes bench/README.md's table (between the marker comments; a unit test checks it against a
 * fresh computation), a line with the cost, and bench/results/phrase-precision.json with every
 * text the lists got wrong.
 *
 *   --small   fewer timing rounds (CI size); the precision figures are the same
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { loadRiskMatcher } from '../server/src/monitoring/phrases/load';
import type { RiskText } from '../server/src/monitoring/risks';
import { CORPUS_PARTS, readCorpus, type CorpusPart, type LabelledText } from './monitoring/corpus';
import { precisionTable, PRECISION_END, PRECISION_START, scorePart, type PartScore } from './monitoring/score';

export const COST_START = '<!-- risk phrase cost: written by bench/phrase-precision.ts (npm run bench:phrases) -->';
export const COST_END = '<!-- end of risk phrase cost -->';
const README = join(import.meta.dirname, 'README.md');
const RESULTS = join(import.meta.dirname, 'results', 'phrase-precision.json');

export function scoreCorpus(): Record<CorpusPart, PartScore> {
  const matcher = loadRiskMatcher([]);
  return Object.fromEntries(CORPUS_PARTS.map((part) => [part, scorePart(matcher, readCorpus(part))])) as Record<CorpusPart, PartScore>;
}

function replaceBlock(text: string, start: string, end: string, block: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`bench/README.md has no block starting ${start}`);
  return `${text.slice(0, from)}${block}${text.slice(to + end.length)}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Cost {
  compileMs: number;
  texts: number;
  rounds: number;
  microsecondsPerText: number;
  textsPerSecond: number;
  slowestText: { text: string; microseconds: number };
  /** The slowest of a few 2,048-character queries built to be slow. */
  craftedWorstMicroseconds: number;
  /** The machine's load average when the timing ended: it is shared, and other work slows every figure. */
  loadAverage: number;
}

function measureCost(texts: readonly LabelledText[], rounds: number): Cost {
  const compileStarted = performance.now();
  const matcher = loadRiskMatcher([]);
  const compileMs = performance.now() - compileStarted;
  for (let i = 0; i < 20; i += 1) for (const text of texts) matcher.match(text);
  const perRound: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    for (const text of texts) matcher.match(text);
    perRound.push(performance.now() - started);
  }
  const microsecondsPerText = (median(perRound) * 1000) / texts.length;
  // Each text's own cost: the fastest of 5 batches (as timeit does), so a pause of a shared machine is not read as a slow text.
  const repeats = Math.max(10, Math.round(rounds / 25));
  const ownCost = (text: RiskText) => {
    const batches: number[] = [];
    for (let batch = 0; batch < 5; batch += 1) {
      const started = performance.now();
      for (let i = 0; i < repeats; i += 1) matcher.match(text);
      batches.push(((performance.now() - started) * 1000) / repeats);
    }
    return Math.min(...batches);
  };
  let slowestText = { text: '', microseconds: 0 };
  for (const text of texts) {
    const microseconds = ownCost(text);
    if (microseconds > slowestText.microseconds) slowestText = { text: text.text, microseconds };
  }
  // Queries as long as an event allows, built so every word starts many phrases or needs two leetspeak readings.
  const crafted = ['how to ', 'k1ll s3lf ', 'i want to ', 'خود کشی مرنا '].map((unit): RiskText => ({ source: 'search', text: unit.repeat(Math.ceil(2048 / unit.length)).slice(0, 2048) }));
  const craftedWorst = Math.max(...crafted.map(ownCost));
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    compileMs: round2(compileMs),
    texts: texts.length,
    rounds,
    microsecondsPerText: round2(microsecondsPerText),
    textsPerSecond: Math.round(1e6 / microsecondsPerText),
    slowestText: { text: slowestText.text, microseconds: round2(slowestText.microseconds) },
    craftedWorstMicroseconds: round2(craftedWorst),
    loadAverage: round2(loadavg()[0]!),
  };
}

function costLine(cost: Cost): string {
  return [
    COST_START,
    `Matching cost on ${cpus()[0]?.model ?? 'this machine'} (one core), Node ${process.version}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: **${cost.microsecondsPerText} µs per text** (median of ${cost.rounds} rounds over the ${cost.texts} corpus texts, about ${cost.textsPerSecond.toLocaleString('en-GB')} texts a second); the slowest text ${cost.slowestText.microseconds} µs; reading and compiling the lists once at start ${cost.compileMs} ms; load average ${cost.loadAverage} on ${cpus().length} cores. The slowest of the 2,048-character queries built to be slow: ${cost.craftedWorstMicroseconds} µs (the matcher reads a text's first 512 characters only).`,
    COST_END,
  ].join('\n');
}

if (process.argv[1]?.endsWith('phrase-precision.ts')) {
  const small = process.argv.includes('--small');
  const scores = scoreCorpus();
  const table = precisionTable(scores);
  const cost = measureCost(CORPUS_PARTS.flatMap((part) => readCorpus(part)), small ? 50 : 1000);
  let readme = readFileSync(README, 'utf8');
  readme = replaceBlock(readme, PRECISION_START, PRECISION_END, table);
  readme = replaceBlock(readme, COST_START, COST_END, costLine(cost));
  writeFileSync(README, readme);
  mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify({ measuredAt: new Date().toISOString(), small, cost, scores }, null, 1)}\n`);
  console.log(table);
  console.log(`\n${cost.microsecondsPerText} µs per text; slowest ${cost.slowestText.microseconds} µs; compile ${cost.compileMs} ms`);
  console.log('wrote bench/README.md and bench/results/phrase-precision.json');
}
