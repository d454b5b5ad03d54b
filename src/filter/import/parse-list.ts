/**
 * One list text into domain and URL entries. Every line that cannot be used
 * becomes a problem naming the file and line, so whoever maintains the list
 * can fix it; nothing is dropped silently except comments, blanks and the
 * local names every hosts file carries.
 */
import {
  parseAdblockLine,
  parseAutoLine,
  parseDomainLine,
  parseHostsLine,
  parseUrlLine,
  type LineParser,
  type LineSink,
} from './parse-line';
import type { EntryScreen } from './screen';
import type { ListFormat, ParsedList } from './types';

const PARSERS: Record<ListFormat, LineParser> = {
  domains: parseDomainLine,
  hosts: parseHostsLine,
  adblock: parseAdblockLine,
  urls: parseUrlLine,
  auto: parseAutoLine,
};

const PROBLEM_TEXT_LIMIT = 120;
const COSMETIC_AT_START = /^#@?[$?%]?#/;

/** `screen` refuses entries that would block what schools share (screen.ts); without it every entry is kept. */
export function parseList(text: string, format: ListFormat, file: string, screen?: EntryScreen): ParsedList {
  const result: ParsedList = { domains: [], urls: [], problems: [], refused: [], linesRead: 0 };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.length === 0) return result;
  const lines = body.split('\n');
  // A final newline ends the last line; it does not start another.
  if (lines[lines.length - 1] === '') lines.pop();
  result.linesRead = lines.length;

  let lineNumber = 0;
  let lineText = '';
  const refuse = (refusal: ReturnType<EntryScreen>): boolean => {
    if (!refusal) return false;
    result.refused.push({ file, line: lineNumber, text: truncate(lineText), ...refusal });
    return true;
  };
  const sink: LineSink = {
    domain: (domain) => {
      if (!refuse(screen?.({ host: domain }))) result.domains.push(domain);
    },
    url: (url) => {
      if (!refuse(screen?.(url))) result.urls.push(url);
    },
    problem: (reason) => result.problems.push({ file, line: lineNumber, text: truncate(lineText), reason }),
  };
  const parse = PARSERS[format];
  for (let index = 0; index < lines.length; index++) {
    lineNumber = index + 1;
    lineText = lines[index]!.trim(); // also takes the \r of CRLF
    const content = withoutComment(lineText, format);
    if (content) parse(content, sink);
  }
  return result;
}

function withoutComment(line: string, format: ListFormat): string {
  if (line === '' || line.startsWith('!')) return '';
  // In an adblock list `##x` and friends hide elements rather than comment, so
  // they are reported; elsewhere `#` lines (hosts banners of ####) are comments.
  if (line.startsWith('#') && !(format === 'adblock' && COSMETIC_AT_START.test(line))) return '';
  switch (format) {
    case 'adblock':
      return line;
    // `#` is part of an address (its fragment), so only ` # note` is a comment.
    case 'urls':
    case 'auto':
      return line.replace(/\s+#.*$/, '');
    default: {
      const hash = line.indexOf('#');
      return hash < 0 ? line : line.slice(0, hash).trimEnd();
    }
  }
}

function truncate(text: string): string {
  return text.length > PROBLEM_TEXT_LIMIT ? `${text.slice(0, PROBLEM_TEXT_LIMIT - 1)}…` : text;
}
