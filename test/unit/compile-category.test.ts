import { describe, expect, it } from 'vitest';
import { PRIORITY, bandOf } from '../../src/filter/bands';
import { compileCategoryRuleset } from '../../src/filter/compile-category';

const extensionId = 'abcdefghijklmnopabcdefghijklmnop';

describe('compileCategoryRuleset', () => {
  it('packs every domain into one redirect rule for every resource type, so each list is written once', () => {
    const rules = compileCategoryRuleset({ category: 'adult', action: 'block', domains: ['b.example', 'a.example'], extensionId });
    expect(rules).toHaveLength(1);
    const [redirect] = rules;
    expect(redirect!.condition.requestDomains).toEqual(['a.example', 'b.example']);
    // Main frames land on the block page; subresources redirected to it fail to load.
    expect(redirect!.condition.resourceTypes).toEqual(expect.arrayContaining(['main_frame', 'sub_frame', 'image', 'script', 'stylesheet', 'xmlhttprequest', 'media', 'websocket']));
    expect(redirect!.action.redirect?.regexSubstitution).toBe(
      `chrome-extension://${extensionId}/src/pages/blocked.html?category=adult#\\0`,
    );
    expect(redirect!.condition.regexFilter).toBe('^.+$');
    // The domains are written once in the ruleset, not once per rule.
    expect(JSON.stringify(rules).split('"a.example"')).toHaveLength(2);
  });

  it('sends warned main frames to the warn page', () => {
    const [redirect] = compileCategoryRuleset({ category: 'ai', action: 'warn', domains: ['x.example'], extensionId });
    expect(redirect!.action.redirect?.regexSubstitution).toBe(`chrome-extension://${extensionId}/src/pages/warn.html?category=ai#\\0`);
  });

  it('gives each path-level entry one rule for every resource type, numbered after the domain rule', () => {
    const rules = compileCategoryRuleset({
      category: 'adult',
      action: 'block',
      domains: ['a.example'],
      urls: [{ host: 'host.example', path: '/z/page' }, { host: 'host.example', path: '/a/ü page?x=1' }],
      extensionId,
    });
    expect(rules.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(rules[1]!.condition.urlFilter).toBe('||host.example/a/%C3%BC%20page?x=1');
    expect(rules[1]!.action.redirect?.extensionPath).toBe('/src/pages/blocked.html?category=adult#https://host.example/a/%C3%BC%20page?x=1');
    expect(rules[1]!.condition.resourceTypes).toEqual(expect.arrayContaining(['main_frame', 'sub_frame', 'image', 'script']));
    expect(rules[2]!.condition.urlFilter).toBe('||host.example/z/page');
    expect(bandOf(rules[0]!.priority!)).toBe('category');
    // One listed page outranks a never-block domain; a whole domain does not.
    expect(bandOf(rules[1]!.priority!)).toBe('categoryPath');
  });

  it('never hands an illegal-feed address to the block page, at domain or URL level', () => {
    const rules = compileCategoryRuleset({ category: 'illegal', action: 'block', domains: ['bad.example'], urls: [{ host: 'x.example', path: '/p' }], extensionId });
    const redirects = rules.filter((rule) => rule.action.type === 'redirect');
    expect(redirects).toHaveLength(2);
    for (const rule of redirects) {
      // A plain path: no regexSubstitution (which would carry the matched address) and no fragment.
      expect(rule.action.redirect).toEqual({ extensionPath: '/src/pages/blocked.html?category=illegal' });
      expect(rule.condition.regexFilter).toBeUndefined();
    }
    expect(redirects[0]!.condition.requestDomains).toEqual(['bad.example']);
    // Every other reason still carries the address, for the page, the log and a report.
    const adult = compileCategoryRuleset({ category: 'adult', action: 'block', domains: ['bad.example'], extensionId });
    expect(adult[0]!.action.redirect?.regexSubstitution).toBe(`chrome-extension://${extensionId}/src/pages/blocked.html?category=adult#\\0`);
  });

  it('skips paths urlFilter cannot express rather than matching too much', () => {
    const rules = compileCategoryRuleset({ category: 'adult', action: 'block', domains: [], urls: [{ host: 'x.example', path: '/a*b' }], extensionId });
    expect(rules).toEqual([]);
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
