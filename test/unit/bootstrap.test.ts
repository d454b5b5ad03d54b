import { describe, expect, it } from 'vitest';
import { HIGHEST_PRIORITY, CATEGORY_PRIORITY } from '../../src/filter/bands';
import { BOOTSTRAP_CATEGORIES, compileBootstrap, provisionalRulesets } from '../../src/filter/bootstrap';
import { DEFAULT_ACTIONS } from '../../src/policy/defaults';

const ID = 'khldpchgnmjagefakpenhnmcgpfdnjbo';

describe('bootstrap ruleset', () => {
  const rules = compileBootstrap(
    [
      { category: 'illegal', domains: ['illegal-feed.example'], urls: [{ host: 'img.example', path: '/abuse/1.jpg' }] },
      { category: 'adult', domains: ['pornhub.com', 'xvideos.com'], urls: [] },
      { category: 'games', domains: ['roblox.com'], urls: [] },
      { category: 'self-harm', domains: ['harm.example'], urls: [] },
    ],
    ID,
  );

  it('holds only categories blocked for everyone, staff included, so it never over-blocks anyone', () => {
    for (const category of BOOTSTRAP_CATEGORIES) expect(DEFAULT_ACTIONS.staff[category]).toBe('block');
    const domains = rules.flatMap((rule) => rule.condition.requestDomains ?? []);
    expect(domains).toEqual(expect.arrayContaining(['illegal-feed.example', 'pornhub.com', 'xvideos.com']));
    expect(domains).not.toContain('roblox.com');
    expect(domains).not.toContain('harm.example');
  });

  it('keeps each category in its band and gives every rule its own id', () => {
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
    expect(rules.map((rule) => rule.id)).toEqual(rules.map((_, index) => index + 1));
    const illegal = rules.filter((rule) => rule.condition.requestDomains?.includes('illegal-feed.example') || rule.condition.urlFilter);
    expect(illegal.length).toBeGreaterThan(0);
    for (const rule of illegal) expect(rule.priority).toBe(HIGHEST_PRIORITY.illegal);
    const adult = rules.filter((rule) => rule.condition.requestDomains?.includes('pornhub.com'));
    for (const rule of adult) expect(rule.priority).toBe(CATEGORY_PRIORITY.block);
  });
});

describe('provisional rulesets at worker start', () => {
  const available = new Set(['bootstrap', 'never_block', 'adult_block', 'games_block', 'social_warn', 'ai_block']);
  const strictest = new Set(['adult_block', 'games_block', 'ai_block']);

  it('does nothing once a plan is in force (the bootstrap is off)', () => {
    expect(provisionalRulesets(new Set(['never_block', 'adult_block']), ['adult_block'], strictest, available)).toBeNull();
  });

  it('on a fresh install stands the strictest profile in for the bootstrap until the policy is read', () => {
    expect([...provisionalRulesets(new Set(['bootstrap', 'never_block']), undefined, strictest, available)!].sort()).toEqual([
      'adult_block',
      'ai_block',
      'games_block',
      'never_block',
    ]);
  });

  it('after an update (Chrome reset the rulesets) restores the last plan, not the strictest, and drops what no longer exists', () => {
    const wanted = provisionalRulesets(new Set(['bootstrap', 'never_block']), ['adult_block', 'social_warn', 'removed_block'], strictest, available)!;
    expect([...wanted].sort()).toEqual(['adult_block', 'never_block', 'social_warn']);
  });
});
