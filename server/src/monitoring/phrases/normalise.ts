/**
 * Text to tokens, the same way for a list's phrases and for what a pupil typed, so that one
 * comparison of tokens covers case, Unicode forms, accents, leetspeak, stretched letters and the
 * ways people separate words ("self-harm", "self harm", "s.e.l.f h.a.r.m"), and txt-speak. Pure; no allocation
 * beyond the strings it returns, since the endpoint runs it on every search term and page title.
 */

import { spellOutTxtSpeak } from './txt-speak';

/** A word as the matcher compares it. */
export interface Token {
  /** Lower case, NFKC, Latin accents folded, leetspeak read as letters. */
  text: string;
  /** `text` with every run of one letter squeezed to one ("kiiiiill" -> "kil"), set only when the word had a run of 3+. */
  squeezed?: string;
}

// Invisible characters people paste or use to slip a word past a filter (zero-width space, joiners,
// soft hyphen, BOM). Removing joiners is safe for matching in Arabic and Indic scripts: they change
// how letters are drawn, not which letters they are.
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
// An apostrophe inside a word is dropped: "don't" is "dont", "i'm" is "im", as people type them.
const APOSTROPHE = /(?<=\p{L})['\u2019\u2018`\u00B4\u02BC](?=\p{L})/gu;
// Combining accents of Latin, Greek and Cyrillic letters only (U+0300-U+036F): the vowel signs of
// Indic scripts are also combining marks, and removing those would change the word.
const LATIN_ACCENTS = /[\u0300-\u036F]/g;
// Arabic-script vowel marks and the stretching tatweel: optional in writing, so ignored.
const ARABIC_MARKS = /[\u064B-\u065F\u0670\u0640]/g;
const FOLD: Record<string, string> = {
  // Latin letters with no decomposition
  'ł': 'l', 'ß': 'ss', 'ø': 'o', 'đ': 'd', 'æ': 'ae', 'œ': 'oe', 'ı': 'i', 'ħ': 'h',
  // Arabic-script letters that Arabic, Urdu and Persian keyboards write differently
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ی': 'ي', 'ې': 'ي', 'ك': 'ک', 'ة': 'ه', 'ۃ': 'ه', 'ہ': 'ه', 'ۀ': 'ه',
};
const ASCII = /^[\x00-\x7f]*$/;
const FOLDABLE = new RegExp(`[${Object.keys(FOLD).join('')}]`, 'g');

// Leetspeak: what each stand-in is read as. "1" is read as "i" and, in a second reading, "l".
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', '$': 's', '!': 'i', '|': 'l', '€': 'e' };
const LEET_CHARS = '01345780@$!|€';
// A run of letters and stand-ins; only runs with a letter in them are read as leetspeak.
const WORDISH = /[\p{L}\p{M}\p{N}@$!|€]+/gu;
const HAS_LETTER = /\p{L}/u;
const TOKEN_SPLIT = /[^\p{L}\p{M}\p{N}]+/u;
const LATIN_LETTER = /^[a-z]$/;
const LETTER_RUN = /(\p{L})\1{2,}/u;
const ANY_RUN = /(\p{L})\1+/gu;

/** Case, NFKC, invisible characters, Latin accents and Arabic-script letter forms: the base every reading shares. */
export function foldText(text: string): string {
  // Most searches are plain ASCII: Unicode forms, accents and Arabic letters cannot change them.
  if (ASCII.test(text)) return text.toLowerCase().replace(APOSTROPHE, '');
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(INVISIBLE, '')
    .normalize('NFD')
    .replace(LATIN_ACCENTS, '')
    .normalize('NFC')
    .replace(ARABIC_MARKS, '')
    .replace(FOLDABLE, (char) => FOLD[char]!)
    .replace(APOSTROPHE, '');
}

/**
 * Reads stand-ins as letters inside a word that has letters: "k!ll", "s3lf", "$uicide". Digits that
 * lead or trail a word stay digits ("year7", "1v1", "covid19", "bet365"), as do a word's trailing
 * symbols ("help!"), so numbers and punctuation keep meaning what they meant.
 */
function readLeet(word: string, one: 'i' | 'l'): string {
  if (!HAS_LETTER.test(word)) return word;
  let start = 0;
  while (start < word.length && /[0-9]/.test(word[start]!)) start += 1;
  let end = word.length;
  while (end > start && (/[0-9]/.test(word[end - 1]!) || LEET_CHARS.includes(word[end - 1]!))) end -= 1;
  let middle = '';
  for (const char of word.slice(start, end)) middle += char === '1' ? one : (LEET[char] ?? char);
  return word.slice(0, start) + middle + word.slice(end);
}

function hasLeet(folded: string): boolean {
  for (const char of LEET_CHARS) if (folded.includes(char)) return true;
  return false;
}

function toTokens(text: string): Token[] {
  const words = text.split(TOKEN_SPLIT).filter((word) => word.length > 0);
  // Letters typed one by one ("s u i c i d e", "k.m.s") are one word: three or more single Latin letters in a row join.
  const joined: string[] = [];
  for (let i = 0; i < words.length; ) {
    let j = i;
    while (j < words.length && LATIN_LETTER.test(words[j]!)) j += 1;
    if (j - i >= 3) {
      joined.push(words.slice(i, j).join(''));
      i = j;
    } else {
      joined.push(words[i]!);
      i += 1;
    }
  }
  return joined.map((word) => (LETTER_RUN.test(word) ? { text: word, squeezed: squeeze(word) } : { text: word }));
}

/** Every run of one letter down to one: how stretched words ("diiiie", "killlll") are compared. */
export function squeeze(word: string): string {
  return word.replace(ANY_RUN, '$1');
}

/**
 * The readings of a text to match: one, or two when a "1" stood for a letter (read once as "i",
 * once as "l", since "k1ll" and "se1f" both happen), and one more with txt-speak spelled out.
 */
export function textReadings(text: string): Token[][] {
  const folded = foldText(text);
  const readings = [toTokens(folded)];
  if (hasLeet(folded)) {
    const asI = folded.replace(WORDISH, (word) => readLeet(word, 'i'));
    readings[0] = toTokens(asI);
    if (folded.includes('1')) {
      const asL = folded.replace(WORDISH, (word) => readLeet(word, 'l'));
      if (asL !== asI) readings.push(toTokens(asL));
    }
  }
  // Txt-speak spelled out ("wanna", "u", "2") is one more reading when the text has any.
  const spelled = spellOutTxtSpeak(readings[0]!);
  if (spelled !== undefined) readings.push(spelled);
  return readings;
}

/** A list's phrase as words, read like a pupil's text but without leetspeak (lists are written plainly). */
export function phraseWords(phrase: string): string[] {
  return foldText(phrase)
    .split(/[^\p{L}\p{M}\p{N}*]+/u)
    .filter((word) => word.length > 0);
}
