import { describe, expect, it } from 'vitest';
import { diffDynamicRules, isEmptyDiff } from '../../src/filter/rule-diff';

type Rule = chrome.declarativeNetRequest.Rule;
const rule = (id: number, domain: string): Rule => ({ id, priority: 250, action: { type: 'allow' as never }, condition: { requestDomains: [domain] } });

describe('diffDynamicRules', () => {
  it('writes nothing when the plan is already in force, whatever the key order', () => {
    const reordered = { condition: { requestDomains: ['a.example'] }, action: { type: 'allow' as never }, priority: 250, id: 1 } as Rule;
    expect(isEmptyDiff(diffDynamicRules([reordered], [rule(1, 'a.example')]))).toBe(true);
  });

  it('removes stale rules, adds new ones and replaces changed ones under the same id', () => {
    const diff = diffDynamicRules([rule(1, 'a.example'), rule(2, 'b.example'), rule(3, 'c.example')], [rule(1, 'a.example'), rule(2, 'changed.example'), rule(4, 'd.example')]);
    expect(diff.removeRuleIds).toEqual([2, 3]);
    expect(diff.addRules.map((r) => r.id)).toEqual([2, 4]);
  });
});
