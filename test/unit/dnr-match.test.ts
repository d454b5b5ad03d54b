/**
 * The pure DNR model against what Chrome does (../shared/CHROMIUM-NOTES.md and
 * the declarativeNetRequest documentation): every expectation here is a
 * measured or documented fact, not the model's own output.
 */
import { describe, expect, it } from 'vitest';
import { anchoredHost, decide, land, RuleIndex, urlFilterMatches } from '../../src/filter/dnr-match';

type Rule = chrome.declarativeNetRequest.Rule;
const MAIN = ['main_frame'] as chrome.declarativeNetRequest.ResourceType[];

function rule(id: number, priority: number, action: Rule['action'], condition: Rule['condition']): Rule {
  return { id, priority, action, condition };
}
const allow = (id: number, priority: number, condition: Rule['condition']) => rule(id, priority, { type: 'allow' as never }, condition);
const block = (id: number, priority: number, condition: Rule['condition']) => rule(id, priority, { type: 'block' as never }, condition);

describe('urlFilterMatches', () => {
  it('anchors || at the host or a label boundary in it, and matches the rest as a prefix', () => {
    expect(urlFilterMatches('||google.com/url', 'https://www.google.com/url?q=x')).toBe(true);
    expect(urlFilterMatches('||google.com/url', 'https://google.com/url')).toBe(true);
    expect(urlFilterMatches('||google.com/url', 'http://google.com/urlshortener')).toBe(true);
    expect(urlFilterMatches('||google.com/url', 'https://notgoogle.com/url')).toBe(false);
    expect(urlFilterMatches('||google.com/url', 'https://google.com.evil.example/url')).toBe(false);
    expect(urlFilterMatches('||google.com/url', 'https://evil.example/google.com/url')).toBe(false);
    expect(urlFilterMatches('||google.com/url', 'https://www.google.com/search?q=url')).toBe(false);
  });

  it('is case-insensitive unless told otherwise', () => {
    const url = 'https://forms.office.com/Pages/ResponsePage.aspx?id=abc';
    expect(urlFilterMatches('||forms.office.com/pages/responsepage.aspx', url)).toBe(true);
    expect(urlFilterMatches('||forms.office.com/pages/responsepage.aspx', url, true)).toBe(false);
  });

  it('reads plain filters as substrings, | as an anchor, * and ^ as wildcard and separator', () => {
    expect(urlFilterMatches('/search?', 'https://www.bing.com/search?q=x')).toBe(true);
    expect(urlFilterMatches('q=', 'https://duckduckgo.com/?q=x')).toBe(true);
    expect(urlFilterMatches('|https://a.example/', 'https://a.example/x')).toBe(true);
    expect(urlFilterMatches('|https://a.example/', 'http://b.example/?https://a.example/')).toBe(false);
    expect(urlFilterMatches('.pdf|', 'https://a.example/x.pdf')).toBe(true);
    expect(urlFilterMatches('.pdf|', 'https://a.example/x.pdf?y')).toBe(false);
    expect(urlFilterMatches('||a.example^', 'https://a.example:8443/x')).toBe(true);
    expect(urlFilterMatches('||a.example^', 'https://a.example.org/')).toBe(false);
    expect(urlFilterMatches('||a.example/*/x', 'https://a.example/p/q/x')).toBe(true);
  });

  it('knows which host a ||host/ filter can only match', () => {
    expect(anchoredHost('||Drive.Google.com/uc')).toBe('drive.google.com');
    expect(anchoredHost('||a.example^')).toBe('a.example');
    expect(anchoredHost('||goo')).toBeUndefined();
    expect(anchoredHost('/search?')).toBeUndefined();
  });
});

describe('decide', () => {
  it('matches requestDomains with their subdomains, lets excludedRequestDomains win, and leaves main_frame out without resourceTypes', () => {
    const index = new RuleIndex([block(1, 10, { requestDomains: ['a.example'], excludedRequestDomains: ['ok.a.example'] })], 'test');
    expect(decide([index], { url: 'https://x.a.example/', type: 'image' }).action).toBe('block');
    expect(decide([index], { url: 'https://ok.a.example/', type: 'image' }).action).toBe('none');
    expect(decide([index], { url: 'https://nota.example/', type: 'image' }).action).toBe('none');
    expect(decide([index], { url: 'https://x.a.example/', type: 'main_frame' }).action).toBe('none');
  });

  it('lets the higher priority win (allow 100 beats block 10; block 1000 beats allow 100), and at equal priority allow > block > redirect', () => {
    const domains = { requestDomains: ['a.example'], resourceTypes: MAIN };
    const redirect = rule(3, 100, { type: 'redirect' as never, redirect: { extensionPath: '/blocked.html' } }, domains);
    const low = new RuleIndex([block(1, 10, domains)], 'low');
    const allowed = new RuleIndex([allow(2, 100, domains)], 'allow');
    expect(decide([low, allowed], { url: 'https://a.example/', type: 'main_frame' }).action).toBe('allow');
    expect(decide([new RuleIndex([block(1, 1000, domains)], 'high'), allowed], { url: 'https://a.example/', type: 'main_frame' }).action).toBe('block');
    expect(decide([new RuleIndex([block(1, 100, domains), redirect], 'same')], { url: 'https://a.example/', type: 'main_frame' }).action).toBe('block');
    expect(decide([new RuleIndex([redirect], 'r'), allowed], { url: 'https://a.example/', type: 'main_frame' }).action).toBe('allow');
  });

  it('hands a regexSubstitution redirect the matched address (\\0)', () => {
    const index = new RuleIndex(
      [rule(1, 20, { type: 'redirect' as never, redirect: { regexSubstitution: 'chrome-extension://id/blocked.html?category=adult#\\0' } }, { regexFilter: '^.+$', requestDomains: ['a.example'], resourceTypes: MAIN })],
      'adult',
    );
    expect(decide([index], { url: 'https://www.a.example/p?q=1#frag', type: 'main_frame' }).redirectUrl).toBe('chrome-extension://id/blocked.html?category=adult#https://www.a.example/p?q=1');
  });

  it('applies modifyHeaders above the deciding allow, not below it, and never on a blocked request', () => {
    const header = rule(1, 450, { type: 'modifyHeaders' as never, requestHeaders: [{ header: 'YouTube-Restrict', operation: 'set' as never, value: 'Moderate' }] }, { requestDomains: ['youtube.com'], resourceTypes: MAIN });
    const headers = new RuleIndex([header], 'dynamic');
    expect(decide([headers, new RuleIndex([allow(2, 350, { requestDomains: ['youtube.com'], resourceTypes: MAIN })], 'lesson')], { url: 'https://www.youtube.com/', type: 'main_frame' }).headers).toEqual({ 'youtube-restrict': 'Moderate' });
    expect(decide([headers, new RuleIndex([allow(2, 500, { requestDomains: ['youtube.com'], resourceTypes: MAIN })], 'high')], { url: 'https://www.youtube.com/', type: 'main_frame' }).headers).toEqual({});
    expect(decide([headers, new RuleIndex([block(2, 20, { requestDomains: ['youtube.com'], resourceTypes: MAIN })], 'block')], { url: 'https://www.youtube.com/', type: 'main_frame' }).action).toBe('block');
  });

  it('follows a safe-search redirect and skips one that would not change the address', () => {
    const safe = rule(
      1,
      450,
      { type: 'redirect' as never, redirect: { transform: { queryTransform: { addOrReplaceParams: [{ key: 'safe', value: 'active' }] } } } },
      { requestDomains: ['google.com'], urlFilter: '/search?', resourceTypes: MAIN },
    );
    const lower = new RuleIndex([block(2, 10, { requestDomains: ['google.com'], urlFilter: 'safe=active', resourceTypes: MAIN })], 'category');
    const landed = land([new RuleIndex([safe], 'dynamic')], { url: 'https://www.google.com/search?q=x', type: 'main_frame' });
    expect(landed).toMatchObject({ where: 'site', url: 'https://www.google.com/search?q=x&safe=active' });
    // Already carrying the parameter: no redirect, so the lower rule decides.
    expect(land([new RuleIndex([safe], 'dynamic'), lower], { url: 'https://www.google.com/search?q=x&safe=active', type: 'main_frame' }).where).toBe('stopped');
  });

  it('refuses to judge a rule it does not model', () => {
    expect(() => new RuleIndex([block(1, 10, { initiatorDomains: ['a.example'] } as Rule['condition'])], 'odd')).toThrow(/initiatorDomains/);
  });
});
