import { describe, expect, it } from 'vitest';
import { DomainIndex } from '../../src/filter/domain-index';
import { planRules } from '../../src/filter/plan';
import { RULE_ID, RULE_PRIORITY } from '../../src/filter/bands';
import { allowOpening, hasChanges, inForce, lessonAllowChanges, lessonAllowsOf, nextExpiry } from '../../src/overrides/lesson-allows';
import { screenLockedDomains, type LockedList } from '../../src/overrides/locked-screen';
import type { DeviceOverride } from '../../src/overrides/model';
import { DEFAULT_ACTIONS, DEFAULT_SAFE_SEARCH } from '../../src/policy/defaults';

const now = Date.parse('2026-11-23T10:00:00.000Z');
const minutes = (n: number) => new Date(now + n * 60_000).toISOString();

function override(id: string, domains: string[], startsAt: string, endsAt: string): DeviceOverride {
  return { id, domains, startsAt, endsAt };
}

function lockedList(category: string, domains: string[]): LockedList {
  const index = DomainIndex.fromRules([{ condition: { requestDomains: domains } }]);
  return { category, covering: (host) => index.covering(host), under: (domain) => index.under(domain) };
}

describe('lessonAllowsOf', () => {
  it('keeps only what is in force now, ending exactly at endsAt', () => {
    const allows = lessonAllowsOf(
      [
        override('b', ['games.example'], minutes(-10), minutes(40)),
        override('a', ['history.example'], minutes(-10), minutes(0)),
        override('c', ['later.example'], minutes(5), minutes(60)),
      ],
      now,
    );
    expect(allows).toEqual([{ id: 'b', domains: ['games.example'], expiresAt: now + 40 * 60_000 }]);
  });
});

describe('lessonAllowChanges', () => {
  const held = [
    { id: 'running', domains: ['a.example'], expiresAt: now + 60_000 },
    { id: 'timed-out', domains: ['b.example'], expiresAt: now },
    { id: 'ended-early', domains: ['c.example'], expiresAt: now + 60_000 },
  ];
  it('tells applied, expired and ended apart', () => {
    const next = [held[0]!, { id: 'new', domains: ['d.example'], expiresAt: now + 120_000 }];
    const changes = lessonAllowChanges(held, next, now);
    expect(changes.applied.map((a) => a.id)).toEqual(['new']);
    expect(changes.expired.map((a) => a.id)).toEqual(['timed-out']);
    expect(changes.ended.map((a) => a.id)).toEqual(['ended-early']);
    expect(hasChanges(changes)).toBe(true);
  });
  it('reports nothing when nothing changed', () => {
    expect(hasChanges(lessonAllowChanges(held, held, now))).toBe(false);
  });
  it('finds the next end and what is still in force', () => {
    expect(nextExpiry(held)).toBe(now);
    expect(nextExpiry([])).toBeNull();
    expect(inForce(held, now).map((a) => a.id)).toEqual(['running', 'ended-early']);
  });
});

describe('allowOpening', () => {
  const allows = [{ id: 'x', domains: ['wiki.example'], excludedDomains: ['adult.wiki.example'], expiresAt: now + 60_000 }];
  it('opens the domain and its subdomains, but not an excluded one, and not after the end', () => {
    expect(allowOpening(allows, 'wiki.example', now)?.id).toBe('x');
    expect(allowOpening(allows, 'en.wiki.example', now)?.id).toBe('x');
    expect(allowOpening(allows, 'adult.wiki.example', now)).toBeUndefined();
    expect(allowOpening(allows, 'x.adult.wiki.example', now)).toBeUndefined();
    expect(allowOpening(allows, 'notwiki.example', now)).toBeUndefined();
    expect(allowOpening(allows, 'wiki.example', now + 60_000)).toBeUndefined();
  });
});

describe('screenLockedDomains', () => {
  const lists = [lockedList('adult', ['xxx.example', 'adult.blogs.example']), lockedList('illegal', ['csam.example'])];
  it('drops a locked domain or a subdomain of one, naming the category', () => {
    const { allows, refused } = screenLockedDomains([{ id: 'x', domains: ['history.example', 'xxx.example', 'www.xxx.example'], expiresAt: now + 1 }], lists);
    expect(allows).toEqual([{ id: 'x', domains: ['history.example'], expiresAt: now + 1 }]);
    expect(refused).toEqual([
      { allowId: 'x', domain: 'xxx.example', category: 'adult' },
      { allowId: 'x', domain: 'www.xxx.example', category: 'adult' },
    ]);
  });
  it('keeps a parent of a locked subdomain, excluding the subdomain', () => {
    const { allows } = screenLockedDomains([{ id: 'x', domains: ['blogs.example'], expiresAt: now + 1 }], lists);
    expect(allows).toEqual([{ id: 'x', domains: ['blogs.example'], excludedDomains: ['adult.blogs.example'], expiresAt: now + 1 }]);
  });
  it('drops an allowlist left with no domain at all', () => {
    const { allows, refused } = screenLockedDomains([{ id: 'x', domains: ['csam.example'], expiresAt: now + 1 }], lists);
    expect(allows).toEqual([]);
    expect(refused).toEqual([{ allowId: 'x', domain: 'csam.example', category: 'illegal' }]);
  });
});

describe('lesson allow rules', () => {
  it('carry the exclusions as excludedRequestDomains, in the lesson band', () => {
    const plan = planRules({
      profile: { actions: DEFAULT_ACTIONS.KS3, allowDomains: [], blockDomains: [], approvedAiTools: [], safeSearch: DEFAULT_SAFE_SEARCH.secondary },
      availableRulesets: new Set(),
      extensionId: 'abcdefghijklmnopabcdefghijklmnop',
      now,
      lessonAllows: [{ id: 'x', domains: ['blogs.example'], excludedDomains: ['adult.blogs.example'], expiresAt: now + 1 }],
    });
    const lesson = plan.dynamicRules.find((rule) => rule.id === RULE_ID.lessonAllow.min)!;
    expect(lesson.priority).toBe(RULE_PRIORITY.lessonAllow);
    expect(lesson.condition.requestDomains).toEqual(['blogs.example']);
    expect(lesson.condition.excludedRequestDomains).toEqual(['adult.blogs.example']);
  });
});
