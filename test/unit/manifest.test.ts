/**
 * The repository's own rules about the manifest (Refined GitHub style): the
 * ruleset files and pages it names exist, ids are unique, and it asks for no
 * permission the README does not explain.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isWarnable } from '../../src/filter/catalogue';
import { CATEGORY_IDS, isCategoryId } from '../../src/shared/categories';
import { PAGE_PATHS } from '../../src/shared/pages';

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));
const readme = readFileSync('README.md', 'utf8');

describe('manifest.json', () => {
  const resources: { id: string; path: string; enabled: boolean }[] = manifest.declarative_net_request.rule_resources;

  it('is Manifest V3 with a fixed key', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.key).toMatch(/^[A-Za-z0-9+/=]{300,}$/);
  });

  it('names rulesets with unique ids, each compiled from a list that exists', () => {
    expect(new Set(resources.map((r) => r.id)).size).toBe(resources.length);
    for (const resource of resources) {
      if (resource.id === 'never_block') {
        expect(resource).toMatchObject({ enabled: true, path: 'rules/build/never_block.json' });
        expect(existsSync('rules/lists/never-block.txt')).toBe(true);
        continue;
      }
      if (resource.id === 'bootstrap') {
        expect(resource).toMatchObject({ enabled: true, path: 'rules/build/bootstrap.json' });
        continue;
      }
      const match = /^rules\/build\/([a-z-]+)\.(block|warn)\.json$/.exec(resource.path);
      expect(match, resource.path).not.toBeNull();
      expect(isCategoryId(match![1])).toBe(true);
      // illegal comes only from the school's licensed feed; the repository ships no list for it.
      if (match![1] !== 'illegal') expect(existsSync(`rules/lists/${match![1]}.txt`), resource.path).toBe(true);
    }
  });

  it('has a warn ruleset for exactly the categories that can be warned (rules/catalogue.json), a block ruleset for every one', () => {
    const ids = new Set(resources.map((r) => r.id));
    for (const category of CATEGORY_IDS) {
      expect(ids.has(`${category}_block`), category).toBe(true);
      expect(ids.has(`${category}_warn`), category).toBe(isWarnable(category));
    }
    // The largest lists ship once: nobody may click through to these.
    for (const category of ['adult', 'malware', 'proxy', 'gambling'] as const) expect(isWarnable(category)).toBe(false);
  });

  it("stays within Chrome's static ruleset limits", () => {
    expect(resources.length).toBeLessThanOrEqual(100);
    expect(resources.filter((r) => r.enabled).length).toBeLessThanOrEqual(50);
  });

  it('makes every page the rules redirect to web accessible, and the page exists', () => {
    const accessible = manifest.web_accessible_resources.flatMap((r: { resources: string[] }) => r.resources);
    for (const path of Object.values(PAGE_PATHS)) {
      expect(accessible).toContain(path);
      expect(existsSync(path)).toBe(true);
    }
  });

  it('asks only for permissions the README explains', () => {
    for (const permission of [...manifest.permissions, ...manifest.host_permissions]) {
      expect(readme, `README must say why "${permission}" is needed`).toContain(`\`${permission}\``);
    }
  });
});
