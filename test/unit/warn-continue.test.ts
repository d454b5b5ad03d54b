import { describe, expect, it } from 'vitest';
import { RULE_ID, RULE_PRIORITY, bandOf } from '../../src/filter/bands';
import { DomainIndex } from '../../src/filter/domain-index';
import { continueRule, decideContinue, nextContinueRuleId } from '../../src/filter/warn-continue';
import { DEFAULT_ACTIONS } from '../../src/policy/defaults';

type Rule = chrome.declarativeNetRequest.Rule;
const index = (domains: string[], urlFilters: string[] = []): DomainIndex =>
  DomainIndex.fromRules([
    { id: 1, action: { type: 'block' as never }, condition: { requestDomains: domains } },
    ...urlFilters.map((urlFilter, i): Rule => ({ id: i + 2, action: { type: 'block' as never }, condition: { urlFilter } })),
  ]);

const aiWarn = index(['chatgpt.com', 'claude.ai']);
const base = { actions: DEFAULT_ACTIONS.KS3, warnIndex: aiWarn, blockIndexes: [index(['adult.example'])] };

describe('DomainIndex', () => {
  it('finds a listed domain for the host itself and its subdomains, not for look-alikes', () => {
    expect(aiWarn.covering('chatgpt.com')).toBe('chatgpt.com');
    expect(aiWarn.covering('cdn.chatgpt.com')).toBe('chatgpt.com');
    expect(aiWarn.covering('notchatgpt.com')).toBeUndefined();
    expect(aiWarn.covering('com')).toBeUndefined();
  });

  it('counts the host of a path-level entry', () => {
    expect(index([], ['||files.example/bad/page']).covering('www.files.example')).toBe('files.example');
  });
});

describe('decideContinue', () => {
  it('opens a site listed in a category this profile warns on', () => {
    expect(decideContinue({ ...base, category: 'ai', url: 'https://chat.chatgpt.com/c/1' })).toEqual({ ok: true, category: 'ai', host: 'chat.chatgpt.com' });
  });

  it('refuses a category that is blocked (or allowed) for this profile, whatever the page claims', () => {
    expect(decideContinue({ ...base, category: 'games', url: 'https://chatgpt.com/' })).toEqual({ ok: false, reason: 'not-a-warned-category' });
    expect(decideContinue({ ...base, actions: DEFAULT_ACTIONS.KS2, category: 'ai', url: 'https://chatgpt.com/' })).toEqual({ ok: false, reason: 'not-a-warned-category' });
    expect(decideContinue({ ...base, category: 'illegal', url: 'https://chatgpt.com/' }).ok).toBe(false);
    expect(decideContinue({ ...base, category: 'nonsense', url: 'https://chatgpt.com/' }).ok).toBe(false);
  });

  it('refuses a site the warn ruleset does not list', () => {
    expect(decideContinue({ ...base, category: 'ai', url: 'https://example.org/' })).toEqual({ ok: false, reason: 'not-listed-here' });
    expect(decideContinue({ ...base, warnIndex: undefined, category: 'ai', url: 'https://chatgpt.com/' })).toEqual({ ok: false, reason: 'not-listed-here' });
  });

  it('refuses a site that anything else blocks, since the continue rule would outrank it', () => {
    const blocked = { ...base, warnIndex: index(['chatgpt.com', 'adult.example']) };
    expect(decideContinue({ ...blocked, category: 'ai', url: 'https://www.adult.example/' })).toEqual({ ok: false, reason: 'blocked-elsewhere' });
  });

  it('refuses addresses that are not web pages', () => {
    for (const url of ['javascript:alert(1)', 'chrome://settings', 'not a url', '']) {
      expect(decideContinue({ ...base, category: 'ai', url })).toEqual({ ok: false, reason: 'bad-url' });
    }
  });
});

describe('continueRule', () => {
  it('allows that host in that tab only, in the warn-continue band', () => {
    const rule = continueRule(RULE_ID.warnContinue.min, 42, 'chatgpt.com');
    expect(rule.action.type).toBe('allowAllRequests');
    expect(rule.condition).toEqual({ requestDomains: ['chatgpt.com'], tabIds: [42], resourceTypes: ['main_frame'] });
    expect(rule.priority).toBe(RULE_PRIORITY.warnContinue);
    expect(bandOf(rule.priority!)).toBe('warnContinue');
  });

  it('hands out the lowest free id and none when the range is full', () => {
    expect(nextContinueRuleId([])).toBe(RULE_ID.warnContinue.min);
    expect(nextContinueRuleId([RULE_ID.warnContinue.min])).toBe(RULE_ID.warnContinue.min + 1);
    const all = Array.from({ length: RULE_ID.warnContinue.max - RULE_ID.warnContinue.min + 1 }, (_, i) => RULE_ID.warnContinue.min + i);
    expect(nextContinueRuleId(all)).toBeUndefined();
  });
});
