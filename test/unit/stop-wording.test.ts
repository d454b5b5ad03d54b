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
    expect(blockWording('school', 'secondary').because).toBe('Your school has blocked this website.');
    expect(blockWording('<script>', 'secondary').because).toBe('Your school has blocked this website.');
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
