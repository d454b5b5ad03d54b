import { describe, expect, it } from 'vitest';
import { DomainIndex } from '../../src/filter/domain-index';
import { categoriesToCheck, lockedDomainIssues } from '../../src/overrides/lesson-locked';
import type { LockedList } from '../../src/overrides/locked-screen';

const list = (category: string, domains: string[]): LockedList => {
  const index = DomainIndex.fromRules([{ condition: { requestDomains: domains } }]);
  return { category, covering: (host) => index.covering(host), under: (domain) => index.under(domain) };
};
const adult = list('adult', ['pornhub.com', 'adult.blogspot.example']);
const malware = list('malware', ['bad.example']);

describe('lockedDomainIssues', () => {
  it('refuses a listed domain and a subdomain of one, each at the row it was typed in', () => {
    const domains = ['geogebra.org', 'pornhub.com', 'www.pornhub.com', 'bad.example'];
    const issues = lockedDomainIssues(domains, [0, 2, 3, 6], [adult, malware]);
    expect(issues.map((issue) => issue.path)).toEqual(['domains.2', 'domains.3', 'domains.6']);
    expect(issues[0]!.message).toBe('pornhub.com is listed as "Pornography and sexual content", which the school does not let teachers open.');
    expect(issues[1]!.message).toBe('www.pornhub.com is part of pornhub.com, listed as "Pornography and sexual content", which the school does not let teachers open.');
    expect(issues[2]!.message).toContain('bad.example is listed as');
  });

  it('lets a parent of a listed site through: pupils get it with that subdomain excluded', () => {
    expect(lockedDomainIssues(['blogspot.example', 'bbc.co.uk'], [0, 1], [adult, malware])).toEqual([]);
    expect(lockedDomainIssues(['pornhub.com'], [0], [])).toEqual([]);
  });
});

describe('categoriesToCheck', () => {
  it('leaves the illegal feed to its own band: never named to a teacher', () => {
    expect(categoriesToCheck(['illegal', 'adult', 'malware'])).toEqual(['adult', 'malware']);
  });
});
