/**
 * UT1 mapping: which files of a UT1 tree feed which category, in both the
 * published layout (blacklists/<cat>/domains) and the flattened one
 * (<cat>.domains), with the school's overrides from its sources file.
 */
import { describe, expect, it } from 'vitest';
import { isCategoryId } from '../../src/shared/categories';
import { UT1_CATEGORY_MAP, UT1_UNMAPPED, planUt1 } from '../../src/filter/import/ut1';

const nested = [
  'blacklists/adult/domains',
  'blacklists/adult/urls',
  'blacklists/adult/usage',
  'blacklists/lingerie/domains',
  'blacklists/phishing/domains',
  'blacklists/games/domains',
  'blacklists/educational_games/domains',
  'blacklists/README',
];

describe('planUt1', () => {
  it('maps the published layout, ignoring usage files and unmapped categories', () => {
    const plan = planUt1(nested);
    expect(plan.feeds).toEqual([
      { path: 'blacklists/adult/domains', ut1Category: 'adult', category: 'adult', format: 'domains' },
      { path: 'blacklists/adult/urls', ut1Category: 'adult', category: 'adult', format: 'urls' },
      { path: 'blacklists/games/domains', ut1Category: 'games', category: 'games', format: 'domains' },
      { path: 'blacklists/phishing/domains', ut1Category: 'phishing', category: 'malware', format: 'domains' },
    ]);
    expect(plan.ignored).toEqual(['educational_games', 'lingerie']);
    expect(plan.unusedMapKeys).toEqual([]);
  });

  it('maps the flattened layout, wherever the tree sits', () => {
    const plan = planUt1(['/srv/ut1/gambling.domains', '/srv/ut1/arjel.domains', '/srv/ut1/adult.urls', '/srv/ut1/adult.usage', '/srv/ut1/SOURCE.txt', '/srv/ut1/doh.urls']);
    expect(plan.feeds.map((feed) => [feed.path, feed.category, feed.format])).toEqual([
      ['/srv/ut1/adult.urls', 'adult', 'urls'],
      ['/srv/ut1/arjel.domains', 'gambling', 'domains'],
      ['/srv/ut1/doh.urls', 'proxy', 'urls'],
      ['/srv/ut1/gambling.domains', 'gambling', 'domains'],
    ]);
    expect(plan.ignored).toEqual([]);
  });

  it('lets the sources file add, change and remove mappings', () => {
    const plan = planUt1(nested, { map: { lingerie: 'adult', games: null, phishing: 'illegal', lingeri: 'adult' } });
    expect(plan.feeds.map((feed) => [feed.ut1Category, feed.category])).toEqual([
      ['adult', 'adult'],
      ['adult', 'adult'],
      ['lingerie', 'adult'],
      ['phishing', 'illegal'],
    ]);
    expect(plan.ignored).toEqual(['educational_games', 'games']);
    // A typo must not fail silently.
    expect(plan.unusedMapKeys).toEqual(['lingeri']);
  });

  it('feeds only the categories asked for', () => {
    const plan = planUt1(nested, { only: ['malware'] });
    expect(plan.feeds.map((feed) => feed.path)).toEqual(['blacklists/phishing/domains']);
    expect(plan.ignored).toEqual(['adult', 'educational_games', 'games', 'lingerie']);
  });

  it('does not take a category from Object.prototype', () => {
    expect(planUt1(['blacklists/constructor/domains', 'toString.domains']).feeds).toEqual([]);
  });
});

describe('UT1 mapping data', () => {
  it('maps only to real category ids', () => {
    for (const category of Object.values(UT1_CATEGORY_MAP)) expect(isCategoryId(category)).toBe(true);
  });

  it('never lists a UT1 category as both mapped and unmapped', () => {
    for (const name of Object.keys(UT1_UNMAPPED)) expect(UT1_CATEGORY_MAP).not.toHaveProperty(name);
  });

  it('maps the categories a school filter needs and leaves out the ones pupils need', () => {
    expect(UT1_CATEGORY_MAP).toMatchObject({ adult: 'adult', agressif: 'hate', doh: 'proxy', vpn: 'proxy', 'audio-video': 'streaming', warez: 'piracy' });
    for (const name of ['sexual_education', 'educational_games', 'child', 'liste_blanche', 'lingerie']) expect(UT1_UNMAPPED).toHaveProperty(name);
  });
});
