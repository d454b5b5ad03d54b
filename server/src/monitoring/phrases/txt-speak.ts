/**
 * Txt-speak read as the words it stands for, so a list written plainly ("want to die", "how to
 * kill yourself", "someone on") also matches "wanna die", "how 2 kill urself", "sum1 on", "cuttin". It is an
 * extra reading of the text, never a replacement: a phrase that needs the digit ("2 pills") still
 * matches the text as typed. Only whole words are read, and only those with one common meaning in a
 * pupil's search (not "ma", "de" or "da", which are words in languages the lists cover).
 */
import type { Token } from './normalise';

const TXT_SPEAK: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    u: ['you'],
    ur: ['your'],
    urself: ['yourself'],
    r: ['are'],
    y: ['why'],
    '2': ['to'],
    '4': ['for'],
    b4: ['before'],
    wanna: ['want', 'to'],
    wana: ['want', 'to'],
    gonna: ['going', 'to'],
    gna: ['going', 'to'],
    gotta: ['got', 'to'],
    tryna: ['trying', 'to'],
    cuz: ['because'],
    coz: ['because'],
    bc: ['because'],
    ppl: ['people'],
    sum1: ['someone'],
    some1: ['someone'],
    any1: ['anyone'],
    every1: ['everyone'],
    no1: ['no', 'one'],
    '2day': ['today'],
    '2nite': ['tonight'],
    '2night': ['tonight'],
    tonite: ['tonight'],
    wat: ['what'],
    wot: ['what'],
    wen: ['when'],
    dnt: ['dont'],
    cnt: ['cant'],
    myslf: ['myself'],
    meself: ['myself'],
    maself: ['myself'],
    mahself: ['myself'],
    wiv: ['with'],
    nuthin: ['nothing'],
    nothin: ['nothing'],
    wanted2: ['wanted', 'to'],
    want2: ['want', 'to'],
    how2: ['how', 'to'],
    pix: ['pics'],
    nudez: ['nudes'],
    noodz: ['nudes'],
    nudies: ['nudes'],
  }),
);

// A dropped g ("cuttin", "existin", "killin"): at least five letters, so "in", "win" and "skin" are not read.
const DROPPED_G = /^[a-z]{3,}in$/;

function spelledOut(word: string): readonly string[] | undefined {
  return TXT_SPEAK.get(word) ?? (DROPPED_G.test(word) ? [`${word}g`] : undefined);
}

/** The text's tokens with txt-speak spelled out, or undefined when it has none (the usual case). */
export function spellOutTxtSpeak(tokens: readonly Token[]): Token[] | undefined {
  let spelled: Token[] | undefined;
  for (let i = 0; i < tokens.length; i += 1) {
    const words = spelledOut(tokens[i]!.text);
    if (words === undefined) {
      spelled?.push(tokens[i]!);
      continue;
    }
    spelled ??= tokens.slice(0, i);
    for (const text of words) spelled.push({ text });
  }
  return spelled;
}
