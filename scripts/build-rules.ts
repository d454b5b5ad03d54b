/**
 * `npm run rules [-- --sources FILE ...]`: imports the category lists named by
 * the sources files and compiles them into the static rulesets the manifest
 * declares (rules/build/<category>.<action>.json, rules/build/never_block.json),
 * then checks the result against Chrome's limits. Runs before every build.
 *
 * `--out DIR` writes the rulesets somewhere other than rules/build (the e2e
 * harness drops test rulesets into a copy of a built extension this way),
 * `--manifest FILE` reads the rulesets and the key from another manifest (the
 * packager's copy, signed with the school's key), and `--report FILE` writes
 * the over-block audit with the importer's refusals (scripts/audit-over-block.ts).
 *
 * Default sources: rules/sources.json (the project's curated seed lists), then
 * the default list set rules/lists.lock.json pins, read from the cache
 * `npm run lists` fills (rules/cache), then rules/sources.local.json if the
 * school has one. When the cache does not hold the pinned set the build says
 * so, once, and builds on the seeds; `--fetch-lists` (the production build,
 * `npm run build`) fetches it first, falling back to the seeds when offline.
 * `--lock FILE` and `--lists-cache DIR` name another lock and cache (tests);
 * `--without-local-sources` leaves rules/sources.local.json out, and
 * `--reference-ut1 DIR` names a UT1 tree for the audit's benign references
 * (scripts/import/real-lists.ts passes both).
 * `--sources` replaces all of that with the files it names.
 *
 * Beside the rulesets it writes stats.json, attribution.json (the lists'
 * licences and credits, which the extension carries and its status page shows)
 * and the on-device classifier trained on the same lists: classifier.bin (the
 * extension carries it) and classifier.json (its validation and thresholds).
 * Redirect targets embed the extension id derived from the manifest key, so a
 * school that signs with its own key rebuilds and gets its own targets.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RULE_PRIORITY } from '../src/filter/bands';
import { BOOTSTRAP_CATEGORIES, BOOTSTRAP_RULESET, compileBootstrap } from '../src/filter/bootstrap';
import { compileCategoryRuleset } from '../src/filter/compile-category';
import { CHROME_LIMITS, limitProblems, rulesetSize, type RulesetSize, worstCaseEnabled } from '../src/filter/limits';
import { NEVER_BLOCK_RULESET } from '../src/filter/plan';
import { domainAllowRule, encodedPath } from '../src/filter/rules/stop-rules';
import { isCategoryId } from '../src/shared/categories';
import { extensionIdFromKey } from '../src/shared/extension-id';
import { ATTRIBUTION_FILE, customAttribution } from '../src/filter/lists/attribution';
import { CLASSIFIER_MODEL_FILE, CLASSIFIER_SUMMARY_FILE } from '../src/filter/classifier/model-file';
import { classifierForBuild, classifierLogLine } from './classifier/for-build';
import { githubOrigins } from '../src/filter/lists/github';
import { auditOverBlock } from '../src/filter/over-block-audit';
import { auditSummaryLines, type OverBlockReport, repositoryPath } from './import/format-audit';
import { formatReport } from './import/format-report';
import { importSources } from './import/import-sources';
import { listOrigins } from './import/list-origins';
import { loadReferences } from './import/over-block-references';
import type { SourcesFile } from './import/sources';
import { DEFAULT_CACHE_DIR } from './lists/cache';
import { type DefaultSet, listSetUsed, resolveDefaultSet } from './lists/default-set';
import { DEFAULT_LOCK } from './lists/lock-file';
import { mirrorFromEnvironment } from './lists/mirror';

const root = join(import.meta.dirname, '..');

interface RuleResource { id: string; path: string }

const { values: args } = parseArgs({
  options: {
    sources: { type: 'string', multiple: true },
    out: { type: 'string' },
    manifest: { type: 'string' },
    report: { type: 'string' },
    // The over-block audit's UT1 reference categories from this tree when the sources have none (the default set pins only what it blocks).
    'reference-ut1': { type: 'string' },
    // Leave out rules/sources.local.json: the real-lists checks build exactly the default set.
    'without-local-sources': { type: 'boolean', default: false },
    lock: { type: 'string' },
    'lists-cache': { type: 'string' },
    'fetch-lists': { type: 'boolean', default: false },
  },
});
const outDir = resolve(args.out ?? join(root, 'rules', 'build'));

interface Sources {
  files: (string | SourcesFile)[];
  /** Undefined when --sources named the files. */
  defaultSet?: DefaultSet;
}

async function sources(): Promise<Sources> {
  if (args.sources?.length) return { files: args.sources.map((file) => resolve(file)) };
  const defaultSet = await resolveDefaultSet({
    lockPath: resolve(args.lock ?? DEFAULT_LOCK),
    cacheDir: resolve(args['lists-cache'] ?? DEFAULT_CACHE_DIR),
    ...(args['fetch-lists'] ? { fetch: { origins: githubOrigins(mirrorFromEnvironment()) } } : {}),
  });
  const local = join(root, 'rules', 'sources.local.json');
  return {
    files: [join(root, 'rules', 'sources.json'), ...(defaultSet.sources ? [defaultSet.sources] : []), ...(existsSync(local) && !args['without-local-sources'] ? [local] : [])],
    defaultSet,
  };
}

function sourceName(file: string | SourcesFile): string {
  return typeof file === 'string' ? relative(process.cwd(), file) : file.name;
}

/** Manifest paths are rules/build/<file>; the file lands in the output directory. */
async function writeRuleset(path: string, rules: unknown[]): Promise<void> {
  const out = join(outDir, basename(path));
  await mkdir(dirname(out), { recursive: true });
  // One rule per line: diffable, and far smaller than pretty-printed million-domain arrays.
  await writeFile(out, `[\n${rules.map((rule) => JSON.stringify(rule)).join(',\n')}\n]\n`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const { files, defaultSet } = await sources();
  for (const line of defaultSet?.log ?? []) console.log(line);
  if (defaultSet?.fallback) console.log(defaultSet.fallback);
  const imported = await importSources(files);
  const manifest = JSON.parse(await readFile(resolve(args.manifest ?? join(root, 'manifest.json')), 'utf8'));
  const extensionId = await extensionIdFromKey(manifest.key);
  const resources: RuleResource[] = manifest.declarative_net_request.rule_resources;
  const sizes: RulesetSize[] = [];
  // Every ruleset as written, for the over-block audit.
  const compiled = new Map<string, chrome.declarativeNetRequest.Rule[]>();

  let neverBlockRules = 0;
  let bootstrapRules = 0;
  for (const resource of resources) {
    if (resource.id === NEVER_BLOCK_RULESET) {
      const rules = domainAllowRule(1, RULE_PRIORITY.neverBlock, imported.neverBlock);
      neverBlockRules = rules.length;
      compiled.set(resource.id, rules);
      await writeRuleset(resource.path, rules);
      continue;
    }
    if (resource.id === BOOTSTRAP_RULESET) {
      // The illegal feed whole (wherever it came from); the rest from the project's curated lists only.
      const curated = await importSources([join(root, 'rules', 'sources.json')]);
      const parts = BOOTSTRAP_CATEGORIES.map((category) => ({
        category,
        ...(category === 'illegal' ? imported : curated).categories[category],
      }));
      const rules = compileBootstrap(parts, extensionId);
      bootstrapRules = rules.length;
      await writeRuleset(resource.path, rules);
      continue;
    }
    const match = /^rules\/build\/([a-z-]+)\.(block|warn)\.json$/.exec(resource.path);
    if (!match || !isCategoryId(match[1])) {
      throw new Error(`manifest.json: ruleset "${resource.id}" has path ${resource.path}; expected rules/build/<category>.<block|warn>.json`);
    }
    const category = match[1];
    const { domains, urls } = imported.categories[category];
    for (const entry of urls.filter((url) => encodedPath(url) === undefined)) {
      console.warn(`rules: ${category}: skipped URL entry ${entry.host}${entry.path}: urlFilter cannot express * ^ | in a path`);
    }
    const rules = compileCategoryRuleset({ category, action: match[2] as 'block' | 'warn', domains, urls, extensionId });
    compiled.set(resource.id, rules);
    await writeRuleset(resource.path, rules);
    sizes.push(rulesetSize(resource.id, rules));
  }

  for (const line of formatReport(imported)) console.log(line);

  // What the lists cost among benign sites, printed short here; `--report FILE`
  // keeps it whole for `npm run audit:over-block` (not beside the rulesets:
  // the packager stages them into the CRX).
  const references = await loadReferences(files, { ...(args['reference-ut1'] ? { ut1Tree: resolve(args['reference-ut1']) } : {}) });
  const report: OverBlockReport = {
    sources: files.map((f) => (typeof f === 'string' ? repositoryPath(f) : f.name)),
    origins: await listOrigins(files),
    audit: auditOverBlock(compiled, references.sets),
    referenceNotes: references.notes,
    refused: imported.refused.map((entry) => ({ ...entry, file: repositoryPath(entry.file) })),
    neverBlockRemovals: imported.neverBlockRemovals,
  };
  for (const line of auditSummaryLines(report)) console.log(line);
  if (args.report) await writeFile(resolve(args.report), `${JSON.stringify(report, null, 1)}\n`);
  // The on-device classifier learns from the same lists and references (issue 20); the extension carries the .bin.
  const classifier = classifierForBuild(imported, references.sets);
  console.log(classifierLogLine(classifier));
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, CLASSIFIER_MODEL_FILE), classifier.bytes);
  await writeFile(join(outDir, CLASSIFIER_SUMMARY_FILE), `${JSON.stringify(classifier.summary, null, 1)}\n`);
  const worst = worstCaseEnabled(sizes);
  const elapsed = Math.round(performance.now() - started);
  console.log(`rules: sources ${files.map(sourceName).join(', ')}`);
  console.log(`rules: ${imported.neverBlock.length} never-block domains; worst-case profile enables ${worst.rules} static rules (${worst.regexRules} regex) in ${worst.rulesets + 1} rulesets`);
  console.log(`rules: extension id ${extensionId}; compiled in ${elapsed} ms`);
  await writeFile(
    join(outDir, 'stats.json'),
    `${JSON.stringify(
      {
        sources: files.map((f) => (typeof f === 'string' ? relative(root, f) : f.name)),
        lists: defaultSet ? listSetUsed(defaultSet) : { set: 'custom' },
        stats: imported.stats,
        rulesets: sizes,
        worstCase: worst,
        neverBlock: imported.neverBlock.length,
        problems: imported.problems.length,
      },
      null,
      1,
    )}\n`,
  );
  const attribution = defaultSet?.attribution ?? customAttribution(files.map(sourceName));
  await writeFile(join(outDir, ATTRIBUTION_FILE), `${JSON.stringify(attribution, null, 1)}\n`);

  const problems = limitProblems(sizes);
  console.log(`rules: bootstrap (enabled at install, until the worker's first plan): ${bootstrapRules} rules`);
  if (bootstrapRules + neverBlockRules > CHROME_LIMITS.guaranteedStaticRules) {
    problems.push(
      `the bootstrap and never-block rulesets hold ${bootstrapRules + neverBlockRules} rules, over the ${CHROME_LIMITS.guaranteedStaticRules} Chrome guarantees at install: ` +
        'the illegal feed or the curated harmful lists are too large to enforce from the first moment',
    );
  }
  if (problems.length > 0) {
    for (const problem of problems) console.error(`rules: ERROR: ${problem}`);
    process.exitCode = 1;
  }
}

await main();
