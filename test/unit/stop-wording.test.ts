import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, CATALOGUE_IDS, categoryLabel } from '../../src/filter/catalogue';
import { CATEGORY_IDS } from '../../src/shared/categories';
import { blockWording, warnWording } from '../../src/pages/shared/stop-wording';

describe('category catalogue', () => {
  it('describes every category exactly once, in the contract order', () => {
    expect(CATALOGUE_IDS).toEqual([...CATEGORY_IDS]);
  });

  it('maps every UKSIC inappropriate-content category the filtering standard names', () => {
    const uksic = Object.values(CATALOGUE).map((entry) => entry.uksic);
    for (const name of ['Discrimination', 'Drugs / Substance abuse', 'Extremism', 'Gambling', 'Malware / Hacking', 'Pornography', 'Piracy and copyright theft', 'Self Harm', 'Violence']) {
      expect(uksic).toContain(name);
    }
  });

  it('is valid JSON a school can edit', () => {
    expect(() => JSON.parse(readFileSync('rules/catalogue.json', 'utf8'))).not.toThrow();
  });
});

describe('blockWording', () => {
  it('names the category in words for the reader', () => {
    expect(blockWording('adult', 'primary').because).toContain(categoryLabel('adult', 'primary'));
    expect(blockWording('adult', 'secondary').because).toContain('adult or sexual content');
    expect(blockWording('gambling', 'adult').because).toBe('Blocked by school policy: Gambling and betting.');
  });

  it('says nothing specific for illegal content and hides the address', () => {
    const wording = blockWording('illegal', 'adult');
    expect(wording).toEqual({ title: 'This page cannot be shown', because: null, showAddress: false });
  });

  it("explains the school's own block list and unknown reasons without guessing a category", () => {
    expect(blockWording('school', 'secondary').because).toBe("This website is on your school's list of blocked websites.");
    expect(blockWording('<script>', 'secondary').because).toBe('Your school has blocked this website.');
  });

  it("tells a pupil only \"your school's list\", whichever list it was; tells staff which list to change", () => {
    for (const audience of ['primary', 'secondary'] as const) {
      expect(blockWording('school', audience).because).toBe(blockWording('school-list', audience).because);
      expect(blockWording('school-list', audience).because).toContain("your school's list");
    }
    expect(blockWording('school', 'adult').because).toMatch(/Admin console/);
    expect(blockWording('school-list', 'adult').because).toMatch(/dashboard/);
    expect(blockWording('school-list', 'adult').showAddress).toBe(true);
  });
});

describe('warnWording', () => {
  it("states the school's AI rule and how long Continue lasts", () => {
    const wording = warnWording('ai', 'secondary', 15);
    expect(wording.title).toBe("This AI tool isn't approved by your school");
    expect(wording.rule).toContain('for 15 minutes');
    expect(wording.rule).toContain('your school can see');
    expect(warnWording('ai', 'secondary', 0.5).rule).toContain('for 30 seconds');
  });

  it('falls back to the catalogue label for other warned categories', () => {
    expect(warnWording('games', 'secondary', 1).rule).toContain('online games');
    expect(warnWording('games', 'secondary', 1).rule).toContain('for 1 minute,');
  });
});

describe("the classifier's stops (issue 20)", () => {
  it('say "looks like" with the category in the reader\'s words, and that it is a guess', () => {
    expect(blockWording('adult', 'secondary', true).because).toBe('Looks like: adult or sexual content. The filter guessed this from the website\'s name. If it is wrong, press "I think this is wrong".');
    expect(blockWording('gambling', 'primary', true).because).toMatch(/^Looks like: a website for betting money\./);
    expect(blockWording('adult', 'adult', true).because).toMatch(/^Looks like: Pornography and sexual content\. No list names this site/);
    expect(blockWording('adult', 'secondary', true).showAddress).toBe(true);
    // A list's stop keeps its own words.
    expect(blockWording('adult', 'secondary').because).not.toMatch(/Looks like:/);
    expect(warnWording('ai', 'secondary', 15, true).rule).toMatch(/^Looks like: .+ for 15 minutes/);
  });

  it('never for the illegal feed', () => {
    expect(blockWording('illegal', 'secondary', true)).toEqual(blockWording('illegal', 'secondary'));
  });
});
