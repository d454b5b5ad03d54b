/**
 * Credit where the licences ask for it, generated from the lock so it can
 * never name a list the build did not use or miss one it did:
 * - the built extension carries rules/build/attribution.json (written by the
 *   rules build beside the rulesets, shown on the status page): for each list
 *   its source at the pinned commit, licence, copyright, attribution, what the
 *   rulesets built from it are licensed under (CC BY-SA: share-alike), and the
 *   full notice MIT asks every copy to include;
 * - the README's table of the default set (which lists, why, licence).
 */
import type { CategoryId } from '../../shared/categories';
import { CATEGORY_IDS } from '../../shared/categories';
import { commitPageUrl } from './github';
import type { ListsLock } from './lock';

export interface ListCredit {
  id: string;
  name: string;
  homepage: string;
  /** The repository at the pinned commit. */
  source: string;
  revision: string;
  licence: { id: string; name: string; url: string };
  copyright: string;
  attribution: string;
  adaptation?: string;
  /** The licence text copies must carry (MIT's permission notice), with the copyright line. */
  notice?: string;
  /** Our categories its files feed, in catalogue order. */
  categories: CategoryId[];
}

export interface BuiltAttribution {
  /**
   * `default`: the pinned set from the cache; `seeds`: the project's curated
   * lists only; `custom`: sources files named on the build's command line
   * (tests, benchmarks), whose credits are whoever built it's to add.
   */
  listSet: 'default' | 'seeds' | 'custom';
  /** Why the build holds the seed lists only, or which sources it was given. */
  reason?: string;
  project: { name: string; licence: string; files: string };
  lists: ListCredit[];
}

/** Beside the rulesets (rules/build/), in the build and in the extension. */
export const ATTRIBUTION_FILE = 'attribution.json';

export const PROJECT_LISTS = { name: 'School Filter curated lists', licence: 'MIT', files: 'rules/lists/*.txt' } as const;

/** `notices` maps a licence id to the text every copy must include (rules/licences/<id>.txt). */
export function listCredits(lock: ListsLock, notices: Readonly<Record<string, string>>): ListCredit[] {
  return Object.entries(lock.upstreams).map(([id, up]) => {
    const fed = new Set(Object.values(up.files).map((file) => file.category));
    const notice = notices[up.licence.id];
    return {
      id,
      name: up.name,
      homepage: up.homepage,
      source: commitPageUrl(up.github, up.revision),
      revision: up.revision,
      licence: up.licence,
      copyright: up.copyright,
      attribution: up.attribution,
      ...(up.adaptation ? { adaptation: up.adaptation } : {}),
      ...(notice ? { notice: `${up.copyright}\n\n${notice.trim()}\n` } : {}),
      categories: CATEGORY_IDS.filter((category) => fed.has(category)),
    };
  });
}

export function defaultSetAttribution(lock: ListsLock, notices: Readonly<Record<string, string>>): BuiltAttribution {
  return { listSet: 'default', project: PROJECT_LISTS, lists: listCredits(lock, notices) };
}

export function seedsAttribution(reason: string): BuiltAttribution {
  return { listSet: 'seeds', reason, project: PROJECT_LISTS, lists: [] };
}

export function customAttribution(sourcesFiles: readonly string[]): BuiltAttribution {
  return { listSet: 'custom', reason: `built from the sources files ${sourcesFiles.join(', ')}`, project: PROJECT_LISTS, lists: [] };
}

export const README_BEGIN = '<!-- lists table: written by `npm run lists -- readme` (and update) from rules/lists.lock.json; do not edit by hand -->';
export const README_END = '<!-- end of lists table -->';

/** The README's table of the default set, one row per list. */
export function listsReadmeTable(lock: ListsLock): string[] {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  const rows = Object.entries(lock.upstreams).map(([id, up]) => {
    const fed = new Set(Object.values(up.files).map((file) => file.category));
    const feeds = CATEGORY_IDS.filter((category) => fed.has(category)).join(', ');
    return [
      `[${cell(up.name)}](${up.homepage}) (\`${id}\`)`,
      `[${up.github}@${up.revision.slice(0, 7)}](${commitPageUrl(up.github, up.revision)})`,
      feeds,
      cell(up.why),
      `[${cell(up.licence.name)}](${up.licence.url})`,
      cell(`${up.attribution}${up.adaptation ? ` ${up.adaptation}` : ''}`),
    ];
  });
  return [
    README_BEGIN,
    '| list | pinned at | feeds | why it is in the set | licence | attribution |',
    '|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    README_END,
  ];
}

/** The README with its lists table replaced; throws when the markers are missing. */
export function withListsTable(readme: string, lock: ListsLock): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) throw new Error('README.md has no lists table markers (see src/filter/lists/attribution.ts)');
  return `${readme.slice(0, begin)}${listsReadmeTable(lock).join('\n')}${readme.slice(end + README_END.length)}`;
}
