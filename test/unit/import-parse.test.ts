/**
 * The list parser on every format schools use, including the malformed lines
 * real lists carry: each rejected line must come back with its file, line
 * number and a reason, never be dropped silently.
 */
import { describe, expect, it } from 'vitest';
import { parseList } from '../../src/filter/import/parse-list';

const FILE = 'lists/test.txt';

function reasons(text: string, format: Parameters<typeof parseList>[1]): [number, string][] {
  return parseList(text, format, FILE).problems.map((problem) => [problem.line, problem.reason]);
}

describe('domains format', () => {
  it('reads one domain per line, skipping comments and blanks', () => {
    const text = ['# header', '! adblock-style comment', '', 'example.org', '  padded.example  ', 'inline.example # why', 'Upper.Example.', '\twww.tabbed.example\t'].join('\n');
    const parsed = parseList(text, 'domains', FILE);
    expect(parsed.domains).toEqual(['example.org', 'padded.example', 'inline.example', 'upper.example', 'www.tabbed.example']);
    expect(parsed.problems).toEqual([]);
    expect(parsed.linesRead).toBe(8);
  });

  it('takes a leading *. or . as the domain itself and keeps www as given', () => {
    expect(parseList('*.wild.example\n.dot.example\nwww.kept.example', 'domains', FILE).domains).toEqual(['wild.example', 'dot.example', 'www.kept.example']);
  });

  it('converts internationalised names to punycode', () => {
    expect(parseList('bücher.example\nBÜCHER.example.', 'domains', FILE).domains).toEqual(['xn--bcher-kva.example', 'xn--bcher-kva.example']);
  });

  it('reports malformed lines with the file, 1-based line and reason', () => {
    const text = ['good.example', '192.168.1.1', 'example.org/page', 'two words.example', 'mid.*.example', 'localhost', 'host.example:8080', 'user@evil.example'].join('\n');
    const parsed = parseList(text, 'domains', FILE);
    expect(parsed.domains).toEqual(['good.example']);
    expect(parsed.problems[0]).toEqual({ file: FILE, line: 2, text: '192.168.1.1', reason: 'IP addresses cannot be filtered by name' });
    expect(parsed.problems.map((p) => [p.line, p.reason])).toEqual([
      [2, 'IP addresses cannot be filtered by name'],
      [3, 'contains "/": a domain list holds names only (use format "urls" for addresses)'],
      [4, 'more than one word on the line (expected one domain)'],
      [5, 'wildcards are only supported as a leading "*." (the domain and its subdomains)'],
      [6, 'a domain needs at least two labels (example.org)'],
      [7, 'IP addresses and ports cannot be filtered by name'],
      [8, 'not a valid domain name'],
    ]);
  });

  it('handles CRLF line ends and a byte order mark', () => {
    const parsed = parseList('\uFEFFfirst.example\r\nsecond.example\r\n\r\nbad..example\r\n', 'domains', FILE);
    expect(parsed.domains).toEqual(['first.example', 'second.example']);
    expect(parsed.problems).toEqual([{ file: FILE, line: 4, text: 'bad..example', reason: 'not a valid domain name' }]);
    expect(parsed.linesRead).toBe(4);
  });

  it('returns nothing for empty input', () => {
    expect(parseList('', 'domains', FILE)).toEqual({ domains: [], urls: [], problems: [], refused: [], linesRead: 0 });
    expect(parseList('\uFEFF', 'auto', FILE).linesRead).toBe(0);
  });

  it('cuts a long rejected line to 120 characters', () => {
    const long = `${'x'.repeat(200)} y`;
    const [problem] = parseList(long, 'domains', FILE).problems;
    expect(problem!.text).toHaveLength(120);
    expect(problem!.text.endsWith('…')).toBe(true);
  });
});

describe('hosts format', () => {
  it('reads every name after a blocking address', () => {
    const text = ['# StevenBlack-style header', '127.0.0.1 localhost', '127.0.0.1 localhost.localdomain', '255.255.255.255 broadcasthost', '::1 localhost ip6-localhost ip6-loopback', 'fe80::1%lo0 localhost', '0.0.0.0 0.0.0.0', '0.0.0.0 a.example b.example # ads', '127.0.0.1\tc.example', ':: d.example', '0.0.0.0 local'].join('\n');
    const parsed = parseList(text, 'hosts', FILE);
    expect(parsed.domains).toEqual(['a.example', 'b.example', 'c.example', 'd.example']);
    expect(parsed.problems).toEqual([]);
  });

  it('reports lines that are not hosts lines, redirects and bad names', () => {
    const text = ['plain.example', '0.0.0.0', '216.239.38.120 www.google.com', '0.0.0.0 good.example bad_name.example 10.0.0.1'].join('\n');
    const parsed = parseList(text, 'hosts', FILE);
    expect(parsed.domains).toEqual(['good.example']);
    expect(parsed.problems.map((p) => [p.line, p.reason])).toEqual([
      [1, 'not a hosts line: the first word should be an address such as 0.0.0.0'],
      [2, 'a hosts line needs a name after the address'],
      [3, 'points names at 216.239.38.120 rather than blocking them (blocking lines use 0.0.0.0, 127.0.0.1, :: or ::1)'],
      [4, 'bad_name.example: not a valid domain name'],
      [4, '10.0.0.1: IP addresses cannot be filtered by name'],
    ]);
  });
});

describe('adblock format', () => {
  it('reads ||domain^ rules with harmless options', () => {
    const text = ['[Adblock Plus 2.0]', '! Title: test', '||a.example^', '||b.example^$third-party', '||c.example^$important,all', '||d.example^$document', '||e.example', '||F.Example^|'].join('\n');
    const parsed = parseList(text, 'adblock', FILE);
    expect(parsed.domains).toEqual(['a.example', 'b.example', 'c.example', 'd.example', 'e.example', 'f.example']);
    expect(parsed.problems).toEqual([]);
  });

  it('reports what it cannot import, with the reason', () => {
    const text = ['||a.example/ads^', '||ads*.example^', '@@||allowed.example^', 'example.org##.banner', '##.ad', '||b.example^$script', 'plain.example', '||c.example^*x', '||192.168.0.1^'].join('\n');
    expect(reasons(text, 'adblock')).toEqual([
      [1, 'rules with a path are not supported; only whole-domain rules are'],
      [2, 'wildcard rules are not supported; only whole-domain rules are'],
      [3, 'exception (@@) rules are not imported: list sites to keep reachable in neverBlock'],
      [4, 'element-hiding (cosmetic) rules are not supported; only ||domain^ rules are'],
      [5, 'element-hiding (cosmetic) rules are not supported; only ||domain^ rules are'],
      [6, 'unsupported options $script (only $third-party, $all, $document and $important)'],
      [7, 'only ||domain^ rules are supported'],
      [8, 'wildcard rules are not supported; only whole-domain rules are'],
      [9, 'IP addresses cannot be filtered by name'],
    ]);
  });
});

describe('urls format', () => {
  it('reads UT1-style addresses as host and path', () => {
    const text = ['Example.com/Path/Page', 'http://a.example/x?q=1#frag', 'https://b.example/y/', 'c.example/?only=query', 'd.example?q=2', 'bücher.example/Seite'].join('\n');
    expect(parseList(text, 'urls', FILE).urls).toEqual([
      { host: 'example.com', path: '/Path/Page' },
      { host: 'a.example', path: '/x?q=1' },
      { host: 'b.example', path: '/y/' },
      { host: 'c.example', path: '/?only=query' },
      { host: 'd.example', path: '/?q=2' },
      { host: 'xn--bcher-kva.example', path: '/Seite' },
    ]);
  });

  it('treats an address without a path as a domain entry', () => {
    const parsed = parseList('whole.example\nhttps://slash.example/\nhttp://frag.example/#top', 'urls', FILE);
    expect(parsed.domains).toEqual(['whole.example', 'slash.example', 'frag.example']);
    expect(parsed.urls).toEqual([]);
  });

  it('keeps # inside an address but strips a spaced comment', () => {
    expect(parseList('a.example/page#part # note', 'urls', FILE).urls).toEqual([{ host: 'a.example', path: '/page' }]);
  });

  it('reports IP hosts, other schemes, ports and spaces', () => {
    expect(reasons('178.128.25.172/watch\nftp://files.example/x\nhost.example:81/x\na.example/x y', 'urls')).toEqual([
      [1, 'IP addresses cannot be filtered by name'],
      [2, 'only http and https addresses can be filtered (not ftp:)'],
      [3, 'IP addresses and ports cannot be filtered by name'],
      [4, 'contains spaces (expected one address per line)'],
    ]);
  });
});

describe('auto format', () => {
  it('reads each line in the format it looks like', () => {
    const text = ['# mixed', '0.0.0.0 hosts.example', '||adblock.example^', 'url.example/page', 'plain.example', '##.cosmetic', 'x.example##.ad'].join('\n');
    const parsed = parseList(text, 'auto', FILE);
    expect(parsed.domains).toEqual(['hosts.example', 'adblock.example', 'plain.example']);
    expect(parsed.urls).toEqual([{ host: 'url.example', path: '/page' }]);
    // `##.cosmetic` at a line start is a comment here (hosts banners are ####); with a domain it is a rule.
    expect(parsed.problems.map((p) => p.line)).toEqual([7]);
  });
});
