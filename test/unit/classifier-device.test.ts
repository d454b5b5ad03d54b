/**
 * The classifier's pure device parts (issue 20): what it decides for a host under a profile's
 * settings, the session rules that keep its decisions, and "Continue" past its warnings.
 */
import { describe, expect, it } from 'vitest';
import { bandOf, CATEGORY_PRIORITY, RULE_ID, RULE_PRIORITY } from '../../src/filter/bands';
import { classifyHost } from '../../src/filter/classifier/decide';
import type { HostClassifier } from '../../src/filter/classifier/model';
import { featureBuckets } from '../../src/filter/classifier/hostname-features';
import { type ClassifiedDecision, classifiedSessionRules, decisionsStanding, MAX_CLASSIFIED_HOSTS, withDecision } from '../../src/filter/classifier/session-rules';
import { decideClassifiedContinue } from '../../src/filter/warn-continue';
import { DEFAULT_CLASSIFIER } from '../../src/policy/classifier';

const BITS = 10;
const extensionId = 'abcdefghijklmnopabcdefghijklmnop';

/**
 * A hand-made model: every feature of `host` weighs +1 in `category`, bias -4, so the host's score
 * is sigmoid(features - 4) and an unrelated host's is about sigmoid(-4) = 0.018. The expected
 * scores below are computed here from that arithmetic, not by the code under test.
 */
function handModel(hosts: Partial<Record<'adult' | 'gambling' | 'proxy' | 'ai', string>>, thresholds: { blockAt: number; warnAt: number }): HostClassifier {
  return {
    format: 1,
    bits: BITS,
    trainedOn: '0'.repeat(64),
    categories: (['adult', 'gambling', 'proxy', 'ai'] as const).map((category) => {
      const weights = new Int8Array(1 << BITS);
      const host = hosts[category];
      if (host) for (const bucket of featureBuckets(host, BITS)) weights[bucket] = 1;
      return { category, bias: -4, scale: 1, weights, ...thresholds };
    }),
  };
}
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const expectedScore = (host: string) => sigmoid(new Set(featureBuckets(host, BITS)).size - 4);

describe('classifyHost', () => {
  const model = handModel({ adult: 'hotvids.example', gambling: 'luckyspins.example', ai: 'chatbuddy.example' }, { blockAt: 0.99, warnAt: 0.9 });

  it('stops what scores at or above blockAt in a category the settings block, with its score', () => {
    const stop = classifyHost(model, 'hotvids.example', DEFAULT_CLASSIFIER.pupil);
    expect(stop).toMatchObject({ category: 'adult', action: 'block' });
    expect(stop!.score).toBeCloseTo(expectedScore('hotvids.example'), 5);
    expect(expectedScore('hotvids.example')).toBeGreaterThan(0.99);
  });

  it('warns instead where the setting is warn, and does nothing where it is off or the score is low', () => {
    expect(classifyHost(model, 'chatbuddy.example', DEFAULT_CLASSIFIER.pupil)).toMatchObject({ category: 'ai', action: 'warn' });
    expect(classifyHost(model, 'hotvids.example', { ...DEFAULT_CLASSIFIER.pupil, adult: 'warn' })).toMatchObject({ action: 'warn' });
    expect(classifyHost(model, 'hotvids.example', DEFAULT_CLASSIFIER.staff)).toBeNull();
    expect(classifyHost(model, 'school.example', DEFAULT_CLASSIFIER.pupil)).toBeNull();
  });

  it('between warnAt and blockAt: the warn page even where the setting blocks', () => {
    const between = handModel({ adult: 'hotvids.example' }, { blockAt: 0.9999999, warnAt: 0.9 });
    expect(expectedScore('hotvids.example')).toBeLessThan(0.9999999);
    expect(classifyHost(between, 'hotvids.example', DEFAULT_CLASSIFIER.pupil)).toMatchObject({ category: 'adult', action: 'warn' });
  });

  it('never acts where the thresholds are above 1 (a model trained on too little), however high the score', () => {
    const untaught = handModel({ adult: 'hotvids.example' }, { blockAt: 1.01, warnAt: 1.01 });
    // Even a weight that saturates the score to exactly 1 does not reach a threshold above 1.
    untaught.categories[0]!.bias = 1000;
    expect(classifyHost(untaught, 'hotvids.example', DEFAULT_CLASSIFIER.pupil)).toBeNull();
  });

  it('a block in one category beats a warning in another', () => {
    const both = handModel({ adult: 'hotvids.example', ai: 'hotvids.example' }, { blockAt: 0.99, warnAt: 0.9 });
    expect(classifyHost(both, 'hotvids.example', DEFAULT_CLASSIFIER.pupil)).toMatchObject({ category: 'adult', action: 'block' });
  });
});

describe("the classifier's session rules", () => {
  const decision = (host: string, category: ClassifiedDecision['category'], action: 'block' | 'warn', decidedAt: number): ClassifiedDecision => ({ host, category, action, score: 0.999, decidedAt });

  it('one redirect rule per category and action, in its own id range, below every list and allow', () => {
    const rules = classifiedSessionRules(
      [decision('b.example', 'adult', 'block', 1), decision('a.example', 'adult', 'block', 2), decision('c.example', 'ai', 'warn', 3)],
      extensionId,
    );
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      expect(rule.id).toBeGreaterThanOrEqual(RULE_ID.classifier.min);
      expect(rule.id).toBeLessThanOrEqual(RULE_ID.classifier.max);
      expect(bandOf(rule.priority!)).toBe('category');
      expect(rule.priority!).toBeLessThan(CATEGORY_PRIORITY.warn);
      expect(rule.priority!).toBeLessThan(RULE_PRIORITY.warnContinue);
      expect(rule.condition.resourceTypes).toEqual(['main_frame']);
    }
    expect(rules[0]!.condition.requestDomains).toEqual(['a.example', 'b.example']);
    expect(rules[0]!.action.redirect?.regexSubstitution).toBe(`chrome-extension://${extensionId}/src/pages/blocked.html?category=adult&classified=1#\\0`);
    expect(rules[1]!.action.redirect?.regexSubstitution).toBe(`chrome-extension://${extensionId}/src/pages/warn.html?category=ai&classified=1#\\0`);
    expect(new Set(rules.map((r) => r.id)).size).toBe(2);
    expect(classifiedSessionRules([], extensionId)).toEqual([]);
  });

  it('keeps the newest decisions, one per host', () => {
    let decisions: ClassifiedDecision[] = [];
    for (let i = 0; i < MAX_CLASSIFIED_HOSTS + 5; i++) decisions = withDecision(decisions, decision(`h${i}.example`, 'adult', 'block', i));
    expect(decisions).toHaveLength(MAX_CLASSIFIED_HOSTS);
    expect(decisions[0]!.host).toBe('h5.example');
    decisions = withDecision(decisions, decision('h5.example', 'adult', 'warn', 99_999));
    expect(decisions.filter((d) => d.host === 'h5.example')).toEqual([decision('h5.example', 'adult', 'warn', 99_999)]);
  });

  it('after a policy change keeps only what the settings still stand behind', () => {
    const decisions = [decision('a.example', 'adult', 'block', 1), decision('b.example', 'adult', 'warn', 2), decision('c.example', 'gambling', 'block', 3)];
    expect(decisionsStanding(decisions, { adult: 'warn', gambling: 'off', proxy: 'block', ai: 'warn' }).map((d) => d.host)).toEqual(['b.example']);
    expect(decisionsStanding(decisions, DEFAULT_CLASSIFIER.pupil)).toEqual(decisions);
  });
});

describe('"Continue" past a classified warning', () => {
  const settings = DEFAULT_CLASSIFIER.pupil;
  it('only on the worker\'s own warning in that category', () => {
    expect(decideClassifiedContinue({ category: 'ai', url: 'https://x.example/a', decision: { category: 'ai', action: 'warn' }, settings })).toEqual({ ok: true, category: 'ai', host: 'x.example' });
    expect(decideClassifiedContinue({ category: 'ai', url: 'https://x.example/a', decision: undefined, settings })).toEqual({ ok: false, reason: 'not-listed-here' });
    expect(decideClassifiedContinue({ category: 'adult', url: 'https://x.example/', decision: { category: 'adult', action: 'block' }, settings })).toEqual({ ok: false, reason: 'not-listed-here' });
    expect(decideClassifiedContinue({ category: 'adult', url: 'https://x.example/', decision: { category: 'ai', action: 'warn' }, settings })).toEqual({ ok: false, reason: 'not-listed-here' });
    expect(decideClassifiedContinue({ category: 'ai', url: 'https://x.example/', decision: { category: 'ai', action: 'warn' }, settings: DEFAULT_CLASSIFIER.staff })).toEqual({ ok: false, reason: 'not-listed-here' });
    expect(decideClassifiedContinue({ category: 'ai', url: 'file:///etc', decision: { category: 'ai', action: 'warn' }, settings })).toEqual({ ok: false, reason: 'bad-url' });
  });
});
