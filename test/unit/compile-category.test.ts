import { describe, expect, it } from 'vitest';
import { PRIORITY, bandOf } from '../../src/filter/bands';
import { SUBRESOURCE_TYPES, compileCategoryRuleset } from '../../src/filter/compile-category';

const extensionId = 'abcdefghijklmnopabcdefghijklmnop';

describe('compileCategoryRuleset', () => {
  it('packs every domain into one redirect rule for main frames and one block rule for the rest', () => {
    const rules = compileCategoryRuleset({ category: 'adult', action: 'block', domains: ['b.example', 'a.example'], extensionId });
    expect(rules).toHaveLength(2);
    const [redirect, block] = rules;
    expect(redirect!.condition.requestDomains).toEqual(['a.example', 'b.example']);
    expect(redirect!.condition.resourceTypes).toEqual(['main_frame']);
    expect(redirect!.action.redirect?.regexSubstitution).toBe(
      `chrome-extension://${extensionId}/src/pages/blocked.html?category=adult&action=block#\\0`,
    );
    expect(redirect!.condition.regexFilter).toBe('^.+$');
    expect(block!.action.type).toBe('block');
    expect(block!.condition.resourceTypes).toEqual(SUBRESOURCE_TYPES);
    expect(block!.condition.resourceTypes).not.toContain('main_frame');
  });

  it('makes no rules for an empty list (an empty requestDomains would match everything)', () => {
    expect(compileCategoryRuleset({ category: 'games', action: 'warn', domains: [], extensionId })).toEqual([]);
  });

  it('keeps block above warn, both inside the category band', () => {
    const block = compileCategoryRuleset({ category: 'social', action: 'block', domains: ['x.example'], extensionId });
    const warn = compileCategoryRuleset({ category: 'social', action: 'warn', domains: ['x.example'], extensionId });
    expect(block[0]!.priority! > warn[0]!.priority!).toBe(true);
    for (const rule of [...block, ...warn]) expect(bandOf(rule.priority!)).toBe('category');
  });

  it('has bands that do not overlap and run in the order of authority', () => {
    const ranges = Object.values(PRIORITY);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.min).toBeGreaterThan(ranges[i - 1]!.max);
  });
});

describe('bands of compiled rulesets', () => {
  it('puts the illegal feed in the highest band, above every allow', () => {
    const rules = compileCategoryRuleset({ category: 'illegal', action: 'block', domains: ['x.example'], extensionId });
    for (const rule of rules) expect(bandOf(rule.priority!)).toBe('highest');
    expect(rules[0]!.priority!).toBeGreaterThan(PRIORITY.lessonAllow.max);
  });
});
