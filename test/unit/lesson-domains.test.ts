import { describe, expect, it } from 'vitest';
import { lessonDomain, lessonDomains, suggestedLessonDomain } from '../../src/overrides/lesson-domains';

describe('suggestedLessonDomain', () => {
  it('takes the host of a web page, without www.', () => {
    expect(suggestedLessonDomain('https://www.bbc.co.uk/bitesize/topics?x=1')).toBe('bbc.co.uk');
    expect(suggestedLessonDomain('http://Maths.Example.org:8080/lesson')).toBe('maths.example.org');
    expect(suggestedLessonDomain('https://www2.example.org/')).toBe('www2.example.org');
  });

  it('offers nothing for pages that are not web sites', () => {
    for (const url of ['chrome://newtab/', 'chrome-extension://abc/src/pages/popup.html', 'file:///tmp/a.html', 'about:blank', '', 'not a url', 'https://127.0.0.1/', 'https://localhost/']) {
      expect(suggestedLessonDomain(url)).toBeNull();
    }
  });

  it('keeps www when dropping it would leave no domain', () => {
    expect(suggestedLessonDomain('https://www.com/')).toBe('www.com');
  });
});

describe('lessonDomain', () => {
  it('accepts a domain, a pasted address or an IDN, normalised', () => {
    expect(lessonDomain(' Example.ORG. ')).toEqual({ ok: true, domain: 'example.org' });
    expect(lessonDomain('https://www.geogebra.org/classic#3d')).toEqual({ ok: true, domain: 'geogebra.org' });
    expect(lessonDomain('bücher.example')).toEqual({ ok: true, domain: 'xn--bcher-kva.example' });
  });

  it('says what is wrong in words a teacher reads', () => {
    const result = lessonDomain('bbc co uk');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^"bbc co uk" is not a website name \(.+\)\. Type it like bbc\.co\.uk\.$/);
    expect(lessonDomain('example.org/page').ok).toBe(false);
    expect(lessonDomain('10.0.0.1').ok).toBe(false);
    expect(lessonDomain('intranet').ok).toBe(false);
  });
});

describe('lessonDomains', () => {
  it('skips blank rows, keeps one of each site and remembers the row each came from', () => {
    expect(lessonDomains(['www.example.org', '', 'maths.example', '  ', 'example.org'])).toEqual({
      ok: true,
      domains: ['example.org', 'maths.example'],
      rows: [0, 2],
    });
  });

  it('names every bad row by its index', () => {
    const result = lessonDomains(['good.example', 'bad one', '', 'http://[::1]/']);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.path)).toEqual(['domains.1', 'domains.3']);
  });

  it('needs at least one site and at most twenty', () => {
    expect(lessonDomains(['', ' '])).toEqual({ ok: false, issues: [{ path: 'domains', message: 'Add at least one website.' }] });
    const many = Array.from({ length: 21 }, (_, i) => `site${i}.example`);
    expect(lessonDomains(many)).toMatchObject({ ok: false, issues: [{ path: 'domains' }] });
  });
});
