/**
 * Compiles checked lists once into an index keyed by each phrase's first word, so that matching a
 * text costs a few map lookups per word, whatever the lists' size: the endpoint runs this on every
 * arriving search term and page title.
 */
import { severityRank, type RiskHit, type RiskId, type RiskMatcher, type RiskText } from '../risks';
import { textReadings, type Token } from './normalise';
import { parsePhrase, phraseForms, phraseKey, wordMatches, type PatternWord } from './pattern';
import type { RiskEntry, TextSource } from './schema';

/**
 * Only the start of a text is read. Searches pupils type and page titles are far shorter; a device
 * sending 2,048-character queries built to be slow (every word the start of many phrases) would
 * otherwise cost over a millisecond each on the endpoint's one event loop.
 */
export const MAX_MATCHED_CHARACTERS = 512;

export interface CheckedList {
  risk: RiskId;
  /** The file's exclusions: compile adds them to every entry's own. */
  exclusions: string[];
  entries: RiskEntry[];
}

interface Form {
  phrase: number;
  words: PatternWord[];
}

interface CompiledEntry {
  hit: RiskHit;
  phrases: number[];
  /** Each combination: groups of phrase numbers; every group needs one. */
  combinations: number[][][];
  exclusions: number[];
  sources: ReadonlySet<TextSource> | null;
}

class PhraseIndex {
  readonly keys = new Map<string, number>();
  private readonly byFirst = new Map<string, Form[]>();
  private readonly byFirstSqueezed = new Map<string, Form[]>();
  private readonly byStem = new Map<string, Form[]>();
  private readonly byStemSqueezed = new Map<string, Form[]>();
  private stemLengths: number[] = [];

  /** The phrase's number (the same for the same words); phrases were checked by the loader, so parse cannot fail. */
  add(phrase: string): number {
    const parsed = parsePhrase(phrase);
    if ('problem' in parsed) throw new Error(parsed.problem);
    const key = phraseKey(parsed.words);
    const known = this.keys.get(key);
    if (known !== undefined) return known;
    const id = this.keys.size;
    this.keys.set(key, id);
    for (const words of phraseForms(parsed.words)) {
      const first = words[0]!;
      const form = { phrase: id, words };
      if (first.prefix) {
        push(this.byStem, first.text, form);
        push(this.byStemSqueezed, first.squeezed, form);
        if (!this.stemLengths.includes(first.text.length)) this.stemLengths.push(first.text.length);
        if (!this.stemLengths.includes(first.squeezed.length)) this.stemLengths.push(first.squeezed.length);
      } else {
        push(this.byFirst, first.text, form);
        push(this.byFirstSqueezed, first.squeezed, form);
      }
    }
    this.stemLengths.sort((a, b) => a - b);
    return id;
  }

  /** Marks in `found` (by stamp) every phrase that occurs in the tokens. */
  find(tokens: Token[], found: Uint32Array, stamp: number, onFound: (phrase: number) => void): void {
    for (let i = 0; i < tokens.length; i += 1) {
      const token = tokens[i]!;
      this.tryForms(this.byFirst.get(token.text), tokens, i, found, stamp, onFound);
      if (token.squeezed !== undefined) this.tryForms(this.byFirstSqueezed.get(token.squeezed), tokens, i, found, stamp, onFound);
      for (const length of this.stemLengths) {
        if (length > token.text.length) break;
        this.tryForms(this.byStem.get(token.text.slice(0, length)), tokens, i, found, stamp, onFound);
        if (token.squeezed !== undefined && length <= token.squeezed.length) this.tryForms(this.byStemSqueezed.get(token.squeezed.slice(0, length)), tokens, i, found, stamp, onFound);
      }
    }
  }

  private tryForms(forms: Form[] | undefined, tokens: Token[], at: number, found: Uint32Array, stamp: number, onFound: (phrase: number) => void): void {
    if (forms === undefined) return;
    for (const form of forms) {
      if (found[form.phrase] === stamp || at + form.words.length > tokens.length) continue;
      let matches = true;
      for (let k = 0; k < form.words.length && matches; k += 1) matches = wordMatches(form.words[k]!, tokens[at + k]!);
      if (matches) {
        found[form.phrase] = stamp;
        onFound(form.phrase);
      }
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function compileRiskLists(lists: readonly CheckedList[]): RiskMatcher & { phraseCount: number; entryCount: number } {
  const index = new PhraseIndex();
  const entries: CompiledEntry[] = [];
  for (const list of lists) {
    for (const entry of list.entries) {
      entries.push({
        hit: { risk: list.risk, severity: entry.severity, entryId: entry.id, description: entry.description, language: entry.language },
        phrases: entry.phrases.map((phrase) => index.add(phrase)),
        combinations: entry.combinations.map((combination) => combination.allOf.map((group) => group.map((phrase) => index.add(phrase)))),
        exclusions: [...entry.exclusions, ...list.exclusions].map((phrase) => index.add(phrase)),
        sources: entry.sources ? new Set(entry.sources) : null,
      });
    }
  }
  // Which entries a phrase can start: its own phrases and any member of a combination (exclusions never start one).
  const triggers: number[][] = Array.from({ length: index.keys.size }, () => []);
  entries.forEach((entry, number) => {
    const phrases = new Set([...entry.phrases, ...entry.combinations.flat(2)]);
    for (const phrase of phrases) triggers[phrase]!.push(number);
  });

  const found = new Uint32Array(index.keys.size);
  const considered = new Uint32Array(entries.length);
  let stamp = 0;

  function match(text: RiskText): RiskHit[] {
    stamp = stamp === 0xffffffff ? 1 : stamp + 1;
    if (stamp === 1) {
      found.fill(0);
      considered.fill(0);
    }
    const candidates: number[] = [];
    const onFound = (phrase: number) => {
      for (const entry of triggers[phrase]!) {
        if (considered[entry] !== stamp) {
          considered[entry] = stamp;
          candidates.push(entry);
        }
      }
    };
    // Every reading's phrases count together: "k1ll" read as "kill" in one and "kill" still matters in the other.
    const read = text.text.length > MAX_MATCHED_CHARACTERS ? text.text.slice(0, MAX_MATCHED_CHARACTERS) : text.text;
    for (const tokens of textReadings(read)) index.find(tokens, found, stamp, onFound);
    const has = (phrase: number) => found[phrase] === stamp;
    const hits: RiskHit[] = [];
    for (const number of candidates.sort((a, b) => a - b)) {
      const entry = entries[number]!;
      if (entry.sources && !entry.sources.has(text.source)) continue;
      // A common word ("how to", "online") makes many entries candidates and few match: look at an entry's exclusions only once it matches.
      if (!entry.phrases.some(has) && !entry.combinations.some((groups) => groups.every((group) => group.some(has)))) continue;
      if (entry.exclusions.some(has)) continue;
      hits.push({ ...entry.hit });
    }
    return hits.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  }

  return { match, phraseCount: index.keys.size, entryCount: entries.length };
}
