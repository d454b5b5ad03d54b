import { describe, expect, it } from 'vitest';
import { DEFAULT_ACTIONS, HARMFUL_CATEGORIES, STRICTEST_ACTIONS } from '../../src/policy/defaults';
import { diffRulesets, plannedRulesets } from '../../src/filter/ruleset-plan';
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));
const resources: { id: string; enabled: boolean }[] = manifest.declarative_net_request.rule_resources;
const available = new Set(resources.map((r) => r.id));

describe('plannedRulesets', () => {
  it('enables block rulesets for blocked categories and warn rulesets for warned ones', () => {
    const wanted = plannedRulesets(DEFAULT_ACTIONS.KS3, available);
    expect(wanted.has('social_warn')).toBe(true);
    expect(wanted.has('social_block')).toBe(false);
    expect(wanted.has('games_block')).toBe(true);
    expect(wanted.has('illegal_block')).toBe(true);
  });

  it('enables nothing for allowed categories', () => {
    const wanted = plannedRulesets(DEFAULT_ACTIONS.staff, available);
    expect([...wanted].sort()).toEqual(HARMFUL_CATEGORIES.map((c) => `${c}_block`).sort());
  });

  it('keeps illegal blocked even if the actions say otherwise', () => {
    expect(plannedRulesets({ ...DEFAULT_ACTIONS.staff, illegal: 'allow' }, available).has('illegal_block')).toBe(true);
  });

  it("stays within Chrome's 50 enabled rulesets for every profile", () => {
    for (const actions of [...Object.values(DEFAULT_ACTIONS), STRICTEST_ACTIONS]) {
      expect(plannedRulesets(actions, available).size).toBeLessThanOrEqual(50);
    }
  });
});

describe('manifest defaults', () => {
  it('enables only the compact bootstrap and never-block at install: Chrome indexes manifest-enabled rulesets before the extension runs', () => {
    expect(resources.filter((r) => r.enabled).map((r) => r.id).sort()).toEqual(['bootstrap', 'never_block']);
  });

  it('leaves the bootstrap out of every plan, so the first plan turns it off', () => {
    for (const actions of [...Object.values(DEFAULT_ACTIONS), STRICTEST_ACTIONS]) {
      expect(plannedRulesets(actions, available).has('bootstrap')).toBe(false);
    }
  });
});

describe('diffRulesets', () => {
  it('writes only the difference, and nothing when nothing changed', () => {
    expect(diffRulesets(new Set(['a', 'b']), new Set(['b', 'c']))).toEqual({ enableRulesetIds: ['c'], disableRulesetIds: ['a'] });
    expect(diffRulesets(new Set(['a']), new Set(['a']))).toEqual({ enableRulesetIds: [], disableRulesetIds: [] });
  });
});
