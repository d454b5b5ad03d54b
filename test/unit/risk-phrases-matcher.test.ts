/**
 * The risk phrase matcher on the built-in lists and on a school's own file: whole words,
 * exclusions, combinations, languages, where an entry applies, one hit per entry, and files
 * refused with their file and entry named.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/src/config/load';
import { builtInRiskPhraseFiles, loadRiskLists, loadRiskMatcher, RiskPhraseError } from '../../server/src/monitoring/phrases/load';
import { RISK_IDS, type RiskText } from '../../server/src/monitoring/risks';

const matcher = loadRiskMatcher([]);
const search = (text: string): RiskText => ({ source: 'search', text });
const risks = (text: string, source: RiskText['source'] = 'search') => [...new Set(matcher.match({ source, text }).map((hit) => hit.risk))].sort();
const entries = (text: string) => matcher.match(search(text)).map((hit) => hit.entryId);

const dir = mkdtempSync(join(tmpdir(), 'risk-phrases-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function schoolFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('the built-in risk phrase lists', () => {
  it('match txt-speak and dropped letters through the plain phrase, and idioms stay silent', () => {
    expect(risks('how 2 kill urself')).toEqual(['suicide']);
    expect(risks('sum1 on snap keeps asking 4 pics of me')).toEqual(['cse']);
    expect(risks('this homework is killing me')).toEqual([]);
    expect(risks('killing it at fortnite')).toEqual([]);
    expect(risks('im dead 😂')).toEqual([]);
  });

  it('catch wishes to stop living in wording the first lists missed, but not films or essays about it', () => {
    expect(risks('how to stop existing')).toEqual(['suicide']);
    expect(risks('im done with life')).toEqual(['suicide']);
    expect(risks('someone on discord keeps asking for pictures of me')).toEqual(['cse']);
    expect(risks('suicide squad cast')).toEqual([]);
    expect(risks('Sylvia Plath suicide poem essay')).toEqual([]);
  });

  it('have one file per risk, named after it', () => {
    const names = builtInRiskPhraseFiles().map((file) => file.split('/').at(-1));
    expect(names.sort()).toEqual(RISK_IDS.map((risk) => `${risk}.json`).sort());
    for (const list of loadRiskLists(builtInRiskPhraseFiles())) expect(builtInRiskPhraseFiles().some((file) => file.endsWith(`/${list.risk}.json`))).toBe(true);
  });

  it('cover the most spoken EAL languages for self-harm, suicide, CSE and extremism', () => {
    const lists = loadRiskLists(builtInRiskPhraseFiles());
    const languages = (risk: string) => new Set(lists.filter((list) => list.risk === risk).flatMap((list) => list.entries.map((entry) => entry.language)));
    for (const language of ['en', 'pl', 'ur', 'bn', 'ro', 'ar', 'pt', 'lt']) {
      for (const risk of ['self-harm', 'suicide', 'cse']) expect(languages(risk), `${risk} in ${language}`).toContain(language);
    }
    for (const language of ['en', 'pl', 'ur', 'ar', 'pt', 'ro', 'bn', 'lt']) expect(languages('extremism'), `extremism in ${language}`).toContain(language);
    for (const language of ['pa', 'gu', 'so']) expect(languages('suicide'), `suicide in ${language}`).toContain(language);
  });
});

describe('matching', () => {
  it('tells the issue’s examples apart', () => {
    expect(risks('how many paracetamol to die')).toEqual(['suicide']);
    expect(risks('suicide squad cast')).toEqual([]);
    expect(risks('Sylvia Plath suicide poem essay')).toEqual([]);
  });

  it('matches whole words only', () => {
    expect(risks('xxxtentacion songs')).toEqual([]);
    expect(risks('middlesex university')).toEqual([]);
    expect(risks('pakistan cricket')).toEqual([]);
    expect(risks('wed 5th march')).toEqual([]);
  });

  it('catches separators, leetspeak, stretched letters and letters typed one by one', () => {
    for (const text of ['self harm', 'self-harm', 'selfharm', 's3lf h4rm', 'SELF HARM', 'self harmmmm']) expect(risks(text), text).toEqual(['self-harm']);
    for (const text of ['k!ll myself', 'kill myselfff', 'k i l l m y s e l f', 'su1cide']) expect(risks(text), text).toEqual(['suicide']);
  });

  it('lets exclusions make a match benign, per entry and per file', () => {
    expect(risks('i want to die')).toEqual(['suicide']);
    expect(risks('i want to die lyrics')).toEqual([]);
    expect(risks('self harm')).toEqual(['self-harm']);
    expect(risks('self harm awareness week assembly')).toEqual([]);
    expect(risks('how to make a bomb')).toEqual(['extremism']);
    expect(risks('how to make a bath bomb')).toEqual([]);
  });

  it('needs every group of a combination', () => {
    expect(risks('how much paracetamol is lethal')).toEqual(['suicide']);
    expect(risks('paracetamol')).toEqual([]);
    expect(risks('is it lethal')).toEqual([]);
    expect(risks('where to buy weed')).toEqual(['drugs']);
    expect(risks('where to buy a coat')).toEqual([]);
    expect(risks('weed')).toEqual([]);
  });

  it('matches the other languages, in their scripts and romanised', () => {
    expect(risks('chcę się zabić')).toEqual(['suicide']);
    expect(risks('chce sie zabic')).toEqual(['suicide']);
    expect(risks('خودکشی')).toEqual(['suicide']);
    expect(risks('خودكشي')).toEqual(['suicide']);
    expect(risks('khudkushi')).toEqual(['suicide']);
    expect(risks('আমি মরতে চাই')).toEqual(['suicide']);
    expect(risks('ਮੈਂ ਮਰਨਾ ਚਾਹੁੰਦਾ ਹਾਂ')).toEqual(['suicide']);
    expect(risks('vreau să mor')).toEqual(['suicide']);
    expect(risks('أريد أن أموت')).toEqual(['suicide']);
    expect(risks('quero me matar')).toEqual(['suicide']);
    expect(risks('noriu mirti')).toEqual(['suicide']);
    expect(risks('મારે મરવું છે')).toEqual(['suicide']);
    expect(risks('savęs žalojimas')).toEqual(['self-harm']);
    expect(risks('كيف انضم الى داعش')).toEqual(['extremism']);
    expect(risks('nagie zdjęcia')).toEqual(['cse']);
    // The language is the entry's.
    expect(matcher.match(search('noriu mirti'))[0]).toMatchObject({ language: 'lt', risk: 'suicide' });
  });

  it('gives at most one hit per entry, highest severity first, with what the entry says', () => {
    const hits = matcher.match(search('kill myself kill myself kill myself, i want to kill myself'));
    expect(new Set(hits.map((hit) => hit.entryId)).size).toBe(hits.length);
    expect(hits[0]).toEqual({ risk: 'suicide', severity: 'critical', entryId: 'suicide/en/intent', description: 'saying they want to die or to end their life', language: 'en' });
    expect(entries('selfharm self harm self-harm')).toEqual(['self-harm/en/practice']);
  });

  it('reads only the first 512 characters, so a long text cannot hold the endpoint up', () => {
    const filler = 'how to '.repeat(100);
    expect(filler.length).toBe(700);
    expect(risks(`i want to die ${filler}`)).toEqual(['suicide']);
    expect(risks(`${filler} i want to die`)).toEqual([]);
  });

  it('hands out copies, so a caller cannot change the next text’s hits', () => {
    const first = matcher.match(search('i want to die'))[0]!;
    first.description = 'changed';
    expect(matcher.match(search('i want to die'))[0]!.description).toBe('saying they want to die or to end their life');
  });
});

describe("a school's own file", () => {
  const own = {
    risk: 'bullying',
    exclusions: ['drama club'],
    entries: [
      { id: 'bullying/en/local-nickname', severity: 'high', language: 'en', description: 'a nickname used to bully pupils at this school', phrases: ['greenfield goblin'] },
      { id: 'bullying/en/title-only', severity: 'low', language: 'en', description: 'a page title only entry', phrases: ['hall of shame'], sources: ['title'] },
      { id: 'bullying/en/both-words', severity: 'medium', language: 'en', description: 'two words together', combinations: [{ allOf: [['ranking'], ['ugliest', 'fattest']] }] },
    ],
  };

  it('is loaded and merged with the built-in lists', () => {
    const school = loadRiskMatcher([schoolFile('own.json', own)]);
    expect(school.match(search('the Greenfield-Goblin again')).map((hit) => hit.entryId)).toEqual(['bullying/en/local-nickname']);
    expect(school.match(search('greenfield goblin drama club')).map((hit) => hit.entryId)).toEqual([]);
    expect(school.match(search('ugliest ranking year 9')).map((hit) => hit.entryId)).toEqual(['bullying/en/both-words']);
    expect(school.match(search('ugliest')).map((hit) => hit.entryId)).toEqual([]);
    // The built-in lists still apply.
    expect(school.match(search('i want to die')).map((hit) => hit.risk)).toContain('suicide');
    expect(matcher.match(search('greenfield goblin'))).toEqual([]);
  });

  it('may limit an entry to page titles or to searches', () => {
    const school = loadRiskMatcher([schoolFile('own-sources.json', own)]);
    expect(school.match({ source: 'search', text: 'hall of shame' })).toEqual([]);
    expect(school.match({ source: 'title', text: 'Hall of Shame - Instagram' }).map((hit) => hit.entryId)).toEqual(['bullying/en/title-only']);
  });

  it('is found relative to the config file', () => {
    expect(parseConfig({ tokens: [{ token: 'x'.repeat(16), scope: 'device', label: 'a' }] }, 'c', '/srv/endpoint').riskPhrases).toEqual({ extraFiles: [] });
    const config = parseConfig({ tokens: [{ token: 'x'.repeat(16), scope: 'device', label: 'a' }], riskPhrases: { extraFiles: ['lists/ours.json', '/etc/filter/more.json'] } }, 'c', '/srv/endpoint');
    expect(config.riskPhrases.extraFiles).toEqual(['/srv/endpoint/lists/ours.json', '/etc/filter/more.json']);
    expect(() => parseConfig({ tokens: [{ token: 'x'.repeat(16), scope: 'device', label: 'a' }], riskPhrases: { extraFile: [] } }, 'c', '/')).toThrow(/c: riskPhrases/);
  });

  it('is refused when malformed, naming the file and the entry', () => {
    const bad = schoolFile('bad.json', {
      risk: 'bullying',
      entries: [
        own.entries[0],
        { id: 'bullying/en/no-severity', language: 'en', description: 'missing its severity', phrases: ['x marks'] },
        { id: 'bullying/en/bad-stem', severity: 'low', language: 'en', description: 'a stem too short', phrases: ['ab*'] },
      ],
    });
    const error = (() => {
      try {
        loadRiskMatcher([bad]);
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('a malformed file was accepted');
    })();
    expect(error).toBeInstanceOf(RiskPhraseError);
    expect(error.message).toContain(`${bad}: entry "bullying/en/no-severity" (entries[1]): severity:`);
    expect(() => loadRiskMatcher([schoolFile('stem.json', { risk: 'bullying', entries: [{ id: 'bullying/en/bad-stem', severity: 'low', language: 'en', description: 'a stem too short', phrases: ['ab*'] }] })])).toThrow(
      /stem\.json: entry "bullying\/en\/bad-stem" \(entries\[0\]\): phrases\.0: "ab\*": a \* needs at least 4 letters/,
    );
  });

  it('is refused when an id is already used, or the id does not fit the file', () => {
    const clash = schoolFile('clash.json', { risk: 'suicide', entries: [{ id: 'suicide/en/intent', severity: 'low', language: 'en', description: 'clashes with a built-in entry', phrases: ['zzz'] }] });
    expect(() => loadRiskMatcher([clash])).toThrow(/clash\.json: entry "suicide\/en\/intent" \(entries\[0\]\): id is already used in .*suicide\.json/);
    const wrongRisk = schoolFile('wrong.json', { risk: 'drugs', entries: [{ id: 'bullying/en/x', severity: 'low', language: 'en', description: 'filed under the wrong risk', phrases: ['zzz'] }] });
    expect(() => loadRiskMatcher([wrongRisk])).toThrow(/wrong\.json: entry "bullying\/en\/x" \(entries\[0\]\): id: the id must start with "drugs\/"/);
  });

  it('is refused when it is not JSON, is missing, or names no risk', () => {
    expect(() => loadRiskMatcher([schoolFile('broken.json', '{ "risk": ')])).toThrow(/broken\.json: not valid JSON/);
    expect(() => loadRiskMatcher([join(dir, 'absent.json')])).toThrow(/absent\.json: no such risk phrase file/);
    expect(() => loadRiskMatcher([schoolFile('norisk.json', { risk: 'sadness', entries: [] })])).toThrow(/norisk\.json: risk:/);
  });
});

describe('descriptions', () => {
  // Descriptions are copied into alerts, emails and webhooks: never explicit words, slurs or abuse-material terms.
  const EXPLICIT = ['fuck', 'fucking', 'cock', 'dick', 'pussy', 'cum', 'boobs', 'tits', 'slut', 'whore', 'blowjob', 'masturbate', 'masturbation', 'orgasm', 'horny', 'xxx', 'hentai', 'milf', 'anal', 'penis', 'vagina', 'nigger', 'faggot', 'paki', 'retard', 'tranny', 'chink', 'kike', 'spastic', 'pthc', 'jailbait', 'lolicon', 'kms', 'kys'];

  const explicitWords = (description: string) => {
    const words = description.toLowerCase().split(/[^a-z]+/);
    return EXPLICIT.filter((word) => words.includes(word));
  };

  it('contain no explicit words', () => {
    const problems = loadRiskLists(builtInRiskPhraseFiles()).flatMap((list) => list.entries.flatMap((entry) => explicitWords(entry.description).map((word) => `${entry.id}: "${word}"`)));
    expect(problems).toEqual([]);
  });

  it('would be caught with one, as a whole word', () => {
    expect(explicitWords('asking for XXX videos')).toEqual(['xxx']);
    expect(explicitWords('a pornography site’s name')).toEqual([]);
  });
});
