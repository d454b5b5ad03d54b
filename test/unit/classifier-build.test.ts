/**
 * The rules build trains the on-device classifier (issue 20): from the same lists it gives the same
 * bytes, and it writes the model and its summary where the extension build picks them up.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeModel, scoreHost } from '../../src/filter/classifier/model';
import { CLASSIFIER_MODEL_FILE, CLASSIFIER_SUMMARY_FILE } from '../../src/filter/classifier/model-file';
import { isCategoryId } from '../../src/shared/categories';
import { ROOT, runScript } from '../harness/run-script';

let work: string;
const WORDS = ['sun', 'moon', 'star', 'sky', 'sea', 'hill', 'tree', 'river', 'cloud', 'rain', 'snow', 'wind', 'leaf', 'rock', 'lake', 'bird'];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'school-filter-classifier-build-'));
  // Made-up hosts, enough for a model that acts: the word to learn is in the names.
  writeFileSync(join(work, 'adult.txt'), `${WORDS.flatMap((a) => WORDS.map((b) => `${a}xxxvid${b}.com`)).join('\n')}\n`);
  writeFileSync(join(work, 'games.txt'), `${WORDS.flatMap((a) => WORDS.map((b) => `${a}${b}play.net`)).join('\n')}\n`);
  writeFileSync(join(work, 'sources.json'), JSON.stringify({ sources: [{ category: 'adult', format: 'domains', from: 'adult.txt' }, { category: 'games', format: 'domains', from: 'games.txt' }] }));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function build(out: string): Promise<{ stdout: string; bytes: Buffer; summary: { acting: string[]; trainingMs: number } }> {
  const run = await runScript('scripts/build-rules.ts', ['--sources', join(ROOT, 'rules', 'sources.json'), '--sources', join(work, 'sources.json'), '--out', out]);
  expect(run.code, run.stderr).toBe(0);
  return { stdout: run.stdout, bytes: readFileSync(join(out, CLASSIFIER_MODEL_FILE)), summary: JSON.parse(readFileSync(join(out, CLASSIFIER_SUMMARY_FILE), 'utf8')) };
}

describe('the classifier the rules build trains', () => {
  it('is the same bytes from the same lists, acts on what it can learn, and the build says how long it took', async () => {
    const first = await build(join(work, 'a'));
    const second = await build(join(work, 'b'));
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(first.stdout).toMatch(/^rules: classifier trained in \d+ ms on \d+ hosts \(\d+ KiB\); acts on adult/m);
    expect(first.summary.acting).toContain('adult');
    const model = decodeModel(new Uint8Array(first.bytes), isCategoryId);
    const adult = model.categories.find((c) => c.category === 'adult')!;
    // Most of the listed adult hosts reach its block threshold; none of the other lists' hosts reaches its warn threshold.
    const adultScore = (host: string) => scoreHost(model, host).find((s) => s.category === 'adult')!.score;
    const adultHosts = WORDS.flatMap((a) => WORDS.map((b) => `${a}xxxvid${b}.com`));
    expect(adultHosts.filter((host) => adultScore(host) >= adult.blockAt).length).toBeGreaterThan(adultHosts.length / 2);
    expect(WORDS.flatMap((a) => WORDS.map((b) => `${a}${b}play.net`)).filter((host) => adultScore(host) >= adult.warnAt)).toEqual([]);
  }, 120_000);
});
