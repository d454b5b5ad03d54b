import { describe, expect, it } from 'vitest';
import { readBlockedTarget } from '../../src/pages/shared/blocked-url';

describe('readBlockedTarget', () => {
  it('reads the original URL from the fragment and the reason from the query', () => {
    const target = readBlockedTarget({ hash: '#https://www.example.com:8443/a?b=c#frag', search: '?category=adult' });
    expect(target).toEqual({ url: 'https://www.example.com:8443/a?b=c#frag', host: 'www.example.com', category: 'adult', classified: false });
  });

  it("reads the classifier's mark", () => {
    expect(readBlockedTarget({ hash: '#https://a.example/', search: '?category=adult&classified=1' }).classified).toBe(true);
    expect(readBlockedTarget({ hash: '#https://a.example/', search: '?category=adult&classified=yes' }).classified).toBe(false);
  });

  it('survives a missing or malformed fragment', () => {
    expect(readBlockedTarget({ hash: '', search: '' })).toEqual({ url: '', host: '', category: null, classified: false });
    expect(readBlockedTarget({ hash: '#not a url', search: '' }).host).toBe('');
  });
});
