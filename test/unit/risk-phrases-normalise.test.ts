/**
 * The risk phrase normaliser: what a pupil types and what a list says become the same words,
 * whatever the case, Unicode form, accents, leetspeak, stretched letters or separators.
 */
import { describe, expect, it } from 'vitest';
import { foldText, phraseWords, textReadings } from '../../server/src/monitoring/phrases/normalise';

const words = (text: string) => textReadings(text).map((tokens) => tokens.map((token) => token.text));

describe('the risk phrase normaliser', () => {
  it('lower-cases, applies NFKC and folds Latin accents and Polish ł', () => {
    expect(foldText('ＳＥＬＦ Harm')).toBe('self harm');
    expect(foldText('Chcę się zabić')).toBe('chce sie zabic');
    expect(foldText('Żyłka')).toBe('zylka');
    expect(foldText('vreau să mor')).toBe('vreau sa mor');
    expect(foldText('savižudybė')).toBe('savizudybe');
    expect(foldText('automutilação')).toBe('automutilacao');
  });

  it('keeps the vowel signs of Indic scripts, which are marks but change the word', () => {
    expect(foldText('আত্মহত্যা')).toBe('আত্মহত্যা'.normalize('NFC'));
    expect(foldText('મરવું')).toContain('\u0AB5\u0AC1');
  });

  it('reads Arabic and Urdu keyboard variants of a letter as one, and drops vowel marks', () => {
    // Arabic yeh and kaf against the Urdu forms; hamza on alef; a fatha.
    expect(foldText('خودكشي')).toBe(foldText('خودکشی'));
    expect(foldText('أريد')).toBe('اريد');
    expect(foldText('انتَحار')).toBe('انتحار');
  });

  it('removes zero-width characters and soft hyphens people use to slip a word past', () => {
    expect(foldText('sui\u200Bcide')).toBe('suicide');
    expect(foldText('sui\u00ADcide')).toBe('suicide');
  });

  it('reads leetspeak inside words, with "1" read both as i and as l', () => {
    expect(words('s3lf h4rm')).toEqual([['self', 'harm']]);
    expect(words('k!ll myself')).toEqual([['kill', 'myself']]);
    expect(words('$uicide')).toEqual([['suicide']]);
    expect(words('se1f harm')).toEqual([['seif', 'harm'], ['self', 'harm']]);
    expect(words('k1ll')).toEqual([['kill'], ['klll']]);
  });

  it('leaves numbers and a word’s leading and trailing digits alone', () => {
    expect(words('ww2 year7 bet365 1v1 2024')).toEqual([['ww2', 'year7', 'bet365', '1v1', '2024']]);
    expect(words('help!')).toEqual([['help']]);
  });

  it('adds a reading with txt-speak spelled out, keeping the text as typed', () => {
    expect(words('i wanna die 2nite')).toEqual([['i', 'wanna', 'die', '2nite'], ['i', 'want', 'to', 'die', 'tonight']]);
    expect(words('how 2 kill urself')).toEqual([['how', '2', 'kill', 'urself'], ['how', 'to', 'kill', 'yourself']]);
    expect(words('2 pills')).toEqual([['2', 'pills'], ['to', 'pills']]);
    expect(words('cuttin myself')).toEqual([['cuttin', 'myself'], ['cutting', 'myself']]);
    // Short words ending in "in" are words, and a text with no txt-speak has one reading.
    expect(words('skin in the win')).toEqual([['skin', 'in', 'the', 'win']]);
    expect(words('de la ma')).toEqual([['de', 'la', 'ma']]);
  });

  it('splits on punctuation and separators, and drops apostrophes inside words', () => {
    expect(words('self-harm')).toEqual([['self', 'harm']]);
    expect(words('self_harm/self.harm')).toEqual([['self', 'harm', 'self', 'harm']]);
    expect(words("I don't want to live")).toEqual([['i', 'dont', 'want', 'to', 'live']]);
    expect(words('I don’t')).toEqual([['i', 'dont']]);
  });

  it('joins letters typed one at a time', () => {
    expect(words('s u i c i d e')).toEqual([['suicide']]);
    expect(words('k.m.s now')).toEqual([['kms', 'now']]);
    // Two single letters are ordinary words.
    expect(words('i a level')).toEqual([['i', 'a', 'level']]);
  });

  it('marks stretched words with their letters squeezed, and only those', () => {
    expect(textReadings('diiiie')[0]).toEqual([{ text: 'diiiie', squeezed: 'die' }]);
    expect(textReadings('kill')[0]).toEqual([{ text: 'kill' }]);
  });

  it('reads a list phrase without leetspeak, keeping a trailing * for stems', () => {
    expect(phraseWords('Samobójstw*')).toEqual(['samobojstw*']);
    expect(phraseWords('self-harm')).toEqual(['self', 'harm']);
  });
});
