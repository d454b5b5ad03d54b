/**
 * A list's phrase as the matcher holds it: its words, read like a pupil's text, and the one-word
 * form that catches the words run together ("self harm" also matches "selfharm").
 */
import { phraseWords, squeeze, type Token } from './normalise';

export interface PatternWord {
  text: string;
  squeezed: string;
  /** Written with a trailing *: matches words that start with `text`. */
  prefix: boolean;
}

/** Shortest stem a trailing * may follow: shorter ones match too many unrelated words. */
export const MIN_PREFIX_LETTERS = 4;
export const MAX_PHRASE_WORDS = 8;

/** The words of a phrase, or why the phrase cannot be used. */
export function parsePhrase(phrase: string): { words: PatternWord[] } | { problem: string } {
  const raw = phraseWords(phrase);
  if (raw.length === 0) return { problem: `"${phrase}" has no letters or digits to match` };
  if (raw.length > MAX_PHRASE_WORDS) return { problem: `"${phrase}" has more than ${MAX_PHRASE_WORDS} words` };
  const words: PatternWord[] = [];
  for (const word of raw) {
    const prefix = word.endsWith('*');
    const text = prefix ? word.slice(0, -1) : word;
    if (text.includes('*')) return { problem: `"${phrase}": a * may only end a word` };
    if (prefix && [...text].length < MIN_PREFIX_LETTERS) return { problem: `"${phrase}": a * needs at least ${MIN_PREFIX_LETTERS} letters before it` };
    words.push({ text, squeezed: squeeze(text), prefix });
  }
  return { words };
}

/** The phrase's words, and the words run together when that is a different form. */
export function phraseForms(words: PatternWord[]): PatternWord[][] {
  if (words.length < 2 || words.slice(0, -1).some((word) => word.prefix)) return [words];
  const text = words.map((word) => word.text).join('');
  return [words, [{ text, squeezed: squeeze(text), prefix: words.at(-1)!.prefix }]];
}

export function wordMatches(pattern: PatternWord, token: Token): boolean {
  if (pattern.prefix) return token.text.startsWith(pattern.text) || (token.squeezed !== undefined && token.squeezed.startsWith(pattern.squeezed));
  return token.text === pattern.text || (token.squeezed !== undefined && token.squeezed === pattern.squeezed);
}

/** A canonical key, so one phrase used by several entries is looked for once. */
export function phraseKey(words: PatternWord[]): string {
  return words.map((word) => (word.prefix ? `${word.text}*` : word.text)).join(' ');
}
