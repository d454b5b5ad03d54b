import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/filter/classifier/dataset';
import { classifiedName, featureStrings, siteName, splitBucket } from '../../src/filter/classifier/hostname-features';
import { decodeModel, encodeModel, scoreHost } from '../../src/filter/classifier/model';
import { confusionAt, thresholdFor } from '../../src/filter/classifier/train';
import { isCategoryId } from '../../src/shared/categories';
import { buildModel } from '../../scripts/classifier/build-model';

describe('what the classifier reads of a host', () => {
  it('drops www/m prefixes and reads labels, the top-level label and edge-marked n-grams', () => {
    expect(classifiedName('WWW.Example.COM.')).toBe('example.com');
    expect(classifiedName('m.www.example.co.uk')).toBe('example.co.uk');
    expect(classifiedName('www.com')).toBe('www.com');
    const features = featureStrings('www.bet-now.co.uk');
    expect(features).toEqual(expect.arrayContaining(['t:uk', 'l:bet-now', 'l:co', 'g:^be', 'g:bet', 'g:now.c', 'g:.co$']));
    expect(features).not.toContain('l:www');
  });

  it('keeps all hosts of a site in one split', () => {
    expect(siteName('a.b.example.co.uk')).toBe('example.co.uk');
    expect(siteName('a.b.example.com')).toBe('example.com');
    expect(splitBucket('cdn.images.example.com')).toBe(splitBucket('example.com'));
  });
});

describe('thresholds and counts', () => {
  it('takes the lowest score whose hosts at or above are right often enough, and never a coin toss', () => {
    const scores = Float64Array.from([0.99, 0.95, 0.9, 0.8, 0.7, 0.4]);
    const labels = Uint8Array.from([1, 1, 0, 1, 1, 1]);
    expect(thresholdFor(scores, labels, 1, 0.5)).toBe(0.95);
    expect(thresholdFor(scores, labels, 0.75, 0.5)).toBe(0.7);
    // 5 of 6 at 0.4 would reach 82%, but 0.4 is under the floor; 0.7 (80%) and 0.8 (75%) do not.
    expect(thresholdFor(scores, labels, 0.82, 0.5)).toBe(0.95);
    expect(thresholdFor(scores, labels, 0.82, 0.3)).toBe(0.4);
    expect(thresholdFor(Float64Array.from([0.9]), Uint8Array.from([0]), 0.99, 0.5)).toBe(1.01);
    expect(confusionAt(scores, labels, 0.8)).toEqual({ truePositives: 3, falsePositives: 1, positives: 5, precision: 0.75, recall: 0.6 });
  });
});

describe('a model trained on a small made-up set', () => {
  // Invented names, in numbers enough to span the splits: the rule to learn is in the words.
  const words = ['sun', 'moon', 'star', 'sky', 'sea', 'hill', 'tree', 'river', 'cloud', 'rain', 'snow', 'wind', 'leaf', 'rock', 'lake', 'bird'];
  const adult = words.flatMap((a) => words.map((b) => `${a}porn${b}.com`));
  const gambling = words.flatMap((a) => words.map((b) => `${a}casino${b}.net`));
  const benign = words.flatMap((a) => words.map((b) => `${a}${b}school.org`));
  const dataset = buildDataset({ categories: { adult, gambling, illegal: ['neverlearnt.example'] }, references: [{ name: 'benign', hosts: benign }] });

  it('splits every host once, never learns from the illegal feed', () => {
    const all = [...dataset.train, ...dataset.calibrate, ...dataset.validate].map((e) => e.host);
    expect(all.length).toBe(new Set(all).size);
    expect(all.length).toBe(adult.length + gambling.length + benign.length);
    expect(all).not.toContain('neverlearnt.example');
    expect(dataset.validate.length).toBeGreaterThan(0);
  });

  it('learns the words, is the same bytes every time, and survives its file format', () => {
    const { model, validation } = buildModel(dataset, { bits: 12, epochs: 4, learningRate: 0.1, l2: 1e-6, seed: 7 });
    const again = buildModel(dataset, { bits: 12, epochs: 4, learningRate: 0.1, l2: 1e-6, seed: 7 });
    const bytes = encodeModel(model);
    expect(encodeModel(again.model)).toEqual(bytes);
    expect(bytes.length).toBeLessThan(4 * 4096 + 200);

    const decoded = decodeModel(bytes, isCategoryId);
    const unseenAdult = scoreHost(decoded, 'www.dustpornmist.com');
    expect(unseenAdult[0]).toMatchObject({ category: 'adult' });
    expect(unseenAdult[0]!.score).toBeGreaterThan(0.9);
    const unseenBenign = scoreHost(decoded, 'dustmistschool.org');
    for (const score of unseenBenign) expect(score.score).toBeLessThan(0.5);
    const adultValidation = validation.categories.find((c) => c.category === 'adult')!;
    expect(adultValidation.block.recall).toBeGreaterThan(0.9);
    expect(adultValidation.benignBlocked).toEqual([]);
  });

  it('refuses a file that is not a model, or is cut short', () => {
    const bytes = encodeModel(buildModel(dataset, { bits: 10, epochs: 1, learningRate: 0.1, l2: 0, seed: 1 }).model);
    expect(() => decodeModel(bytes.slice(0, bytes.length - 5), isCategoryId)).toThrow(/cut short/);
    expect(() => decodeModel(new TextEncoder().encode('{"json": true}'), isCategoryId)).toThrow(/HCM1/);
  });
});
