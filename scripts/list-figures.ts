/**
 * `npm run figures:lists`: the README's figures for the default list set,
 * written by a run instead of typed by hand (they drifted before). It builds
 * the pinned set exactly as a school's build does (scripts/import/real-lists.ts:
 * the lock, verified from the loopback mirror of ../shared/lists), then
 * measures:
 * - per category, domains and path-level entries kept, and what the importer
 *   refused or never-block removed (the build's own stats.json);
 * - the worst-case static rule count against Chrome's guarantee;
 * - what an update costs a Chromebook: the ruleset bytes as the CRX packs
 *   them (deflate per file), and the whole signed CRX of a production build;
 * - against a baseline made in the same run from the same imported lists: the
 *   previous layout (a block and a warn copy of every category, each list
 *   written twice: a main-frame redirect plus a subresource block).
 *
 * `--check` compares instead of writing (the unit test runs it), failing with
 * the difference.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compileLegacyLayout } from '../bench/lib/legacy-layout';
import { CLASSIFIER_SUMMARY_FILE } from '../src/filter/classifier/model-file';
import { CATEGORY_IDS } from '../src/shared/categories';
import { extensionIdFromKey } from '../src/shared/extension-id';
import { importSources } from './import/import-sources';
import { realLists } from './import/real-lists';
import { zipFiles } from './package/zip';

const ROOT = join(import.meta.dirname, '..');
const README = join(ROOT, 'README.md');
const WORK = join(ROOT, '.tmp', 'list-figures');
export const FIGURES_START = '<!-- list figures: written by `npm run figures:lists` from a build of the default set; do not edit by hand -->';
export const FIGURES_END = '<!-- end of list figures -->';

type CategoryStats = Pick<import('../src/filter/import/types').CategoryStats, 'finalDomains' | 'finalUrls' | 'refused' | 'removedByNeverBlock'>;

function mb(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function count(n: number): string {
  return n.toLocaleString('en-GB');
}

/** The bytes of these files as a ZIP (the CRX's body) packs them: deflate per file. */
function zippedBytes(files: { path: string; data: Uint8Array }[]): number {
  return zipFiles(files).length;
}

function rulesetFiles(dir: string): { path: string; data: Uint8Array }[] {
  return readdirSync(dir)
    // Rulesets only: the build's statistics, the lists' credits and the classifier's figures are not rules.
    .filter((file) => file.endsWith('.json') && file !== 'stats.json' && file !== 'attribution.json' && file !== CLASSIFIER_SUMMARY_FILE)
    .map((file) => ({ path: `rules/build/${file}`, data: readFileSync(join(dir, file)) }));
}

export async function listFigures(): Promise<string> {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const lists = await realLists();
  const rulesDir = join(WORK, 'rules');
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build-rules.ts'), ...lists.buildArgs, '--out', rulesDir], { cwd: ROOT, stdio: 'pipe' });
  const stats = JSON.parse(readFileSync(join(rulesDir, 'stats.json'), 'utf8')) as {
    stats: Record<string, CategoryStats>;
    worstCase: { rules: number; rulesets: number };
  };

  // The whole update: a production build of the extension carrying these rulesets, signed as a school would.
  const dist = join(WORK, 'dist');
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--mode', 'production', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, stdio: 'pipe' });
  rmSync(join(dist, 'rules', 'build'), { recursive: true, force: true });
  cpSync(rulesDir, join(dist, 'rules', 'build'), { recursive: true });
  const packaged = join(WORK, 'package');
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'package.ts'), '--from', dist, '--out', packaged, '--base-url', 'https://filter.school.example/extension'], { cwd: ROOT, stdio: 'pipe' });
  const crx = readdirSync(packaged).find((file) => file.endsWith('.crx'))!;
  const crxBytes = readFileSync(join(packaged, crx)).length;

  const shipped = rulesetFiles(rulesDir);
  const rawBytes = shipped.reduce((sum, file) => sum + file.data.length, 0);
  const zipped = zippedBytes(shipped);

  // Baseline, same run, same imported lists: the previous layout.
  const imported = await importSources(lists.sources);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
  const legacy = compileLegacyLayout(imported, await extensionIdFromKey(manifest.key));
  const legacyRaw = legacy.reduce((sum, file) => sum + file.data.length, 0);
  const legacyZipped = zippedBytes(legacy);

  const rows = CATEGORY_IDS.filter((category) => category !== 'illegal').map((category) => {
    const s = stats.stats[category]!;
    return `| ${category} | ${count(s.finalDomains)} | ${count(s.finalUrls)} | ${count(s.refused)} | ${count(s.removedByNeverBlock)} |`;
  });
  const total = CATEGORY_IDS.reduce(
    (sum, category) => ({ domains: sum.domains + stats.stats[category]!.finalDomains, urls: sum.urls + stats.stats[category]!.finalUrls }),
    { domains: 0, urls: 0 },
  );
  return [
    FIGURES_START,
    '| category | domains | path-level entries | refused by the importer | removed by never-block |',
    '|---|---:|---:|---:|---:|',
    ...rows,
    `| **all** | **${count(total.domains)}** | **${count(total.urls)}** | | |`,
    '',
    `The worst-case profile enables ${count(stats.worstCase.rules)} static rules in ${stats.worstCase.rulesets} category rulesets (Chrome guarantees 30,000).`,
    '',
    '**What an update costs a Chromebook** (Chrome downloads the whole CRX for each version of a self-hosted extension):',
    '',
    '| | rulesets as written | rulesets as the CRX packs them | whole signed CRX |',
    '|---|---:|---:|---:|',
    `| previous layout (block and warn copy of every category; each list twice per copy), same lists | ${mb(legacyRaw)} | ${mb(legacyZipped)} | |`,
    `| **now** (one rule per list; block-only categories ship no warn copy) | **${mb(rawBytes)}** | **${mb(zipped)}** (${(zipped / legacyZipped).toFixed(2)} × previous) | **${mb(crxBytes)}** |`,
    FIGURES_END,
  ].join('\n');
}

export function withFigures(readme: string, figures: string): string {
  const start = readme.indexOf(FIGURES_START);
  const end = readme.indexOf(FIGURES_END);
  if (start < 0 || end < start) throw new Error(`README.md has no list figures block (${FIGURES_START} ... ${FIGURES_END})`);
  return `${readme.slice(0, start)}${figures}${readme.slice(end + FIGURES_END.length)}`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const readme = readFileSync(README, 'utf8');
  const updated = withFigures(readme, await listFigures());
  if (values.check) {
    if (updated !== readme) {
      console.error('README.md list figures differ from a fresh build of the default set: run `npm run figures:lists` and commit README.md');
      process.exit(1);
    }
    console.log('figures: README.md agrees with a fresh build of the default set');
  } else {
    writeFileSync(README, updated);
    console.log('figures: wrote the list figures into README.md');
  }
}
