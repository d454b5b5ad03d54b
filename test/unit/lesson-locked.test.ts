import { describe, expect, it } from 'vitest';
import { DomainIndex } from '../../src/filter/domain-index';
import { categoriesToCheck, lockedDomainIssues } from '../../src/overrides/lesson-locked';

const index = (domains: string[]): DomainIndex => DomainIndex.fromRules([{ id: 1, action: { type: 'block' as never }, condition: { requestDomains: domains } }]);
const adult = { category: 'adult' as const, index: index(['pornhub.com', 'adult.blogspot.example']) };
const malware = { category: 'malware' as const, index: index(['bad.example']) };

describe('DomainIndex.listedBelow', () => {
  it('finds a listed domain strictly below each parent, in one pass', () => {
    const found = adult.index.listedBelow(['blogspot.example', 'example', 'pornhub.com', 'other.example']);
    expect(Object.fromEntries(found)).toEqual({ 'blogspot.example': 'adult.blogspot.example', example: 'adult.blogspot.example' });
    expect(adult.index.listedBelow([]).size).toBe(0);
  });
});

describe('lockedDomainIssues', () => {
  it('refuses a listed domain, a subdomain of one, and a parent of one, each at its row', () => {
    const domains = ['geogebra.org', 'pornhub.com', 'www.pornhub.com', 'blogspot.example', 'bad.example'];
    const issues = lockedDomainIssues(domains, [0, 2, 3, 5, 6], [adult, malware]);
    expect(issues.map((issue) => issue.path)).toEqual(['domains.2', 'domains.3', 'domains.5', 'domains.6']);
    expect(issues[0]!.message).toBe('pornhub.com is listed as "Pornography and sexual content", which the school does not let teachers open.');
    expect(issues[1]!.message).toContain('www.pornhub.com is part of pornhub.com, listed as');
    expect(issues[2]!.message).toContain('blogspot.example would also open adult.blogspot.example');
    expect(issues[3]!.message).toContain('bad.example is listed as');
  });

  it('lets everything else through', () => {
    expect(lockedDomainIssues(['geogebra.org', 'bbc.co.uk'], [0, 1], [adult, malware])).toEqual([]);
    expect(lockedDomainIssues(['pornhub.com'], [0], [])).toEqual([]);
  });
});

describe('categoriesToCheck', () => {
  it('leaves the illegal feed to its own band: never named to a teacher', () => {
    expect(categoriesToCheck(['illegal', 'adult', 'malware'])).toEqual(['adult', 'malware']);
  });
});
