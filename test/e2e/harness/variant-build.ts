/**
 * A copy of the built extension with extra test rulesets compiled in (an
 * illegal feed, a list that shadows a never-block site). The rulesets are
 * plain JSON in the package, so replacing them after `vite build` gives the
 * same manifest, key and id with different lists: one build, two list sets.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DIST_DIR } from './browser';

const ROOT = join(import.meta.dirname, '..', '..', '..');

export function buildExtensionVariant(name: string, extraSources: string[]): string {
  return buildExtensionWithSources(name, [join(ROOT, 'rules', 'sources.json'), ...extraSources]);
}

/** A copy of dist/ whose rulesets are compiled from exactly these sources files. */
export function buildExtensionWithSources(name: string, sourceFiles: readonly string[]): string {
  return buildExtensionWithRulesArgs(name, sourceFiles.flatMap((file) => ['--sources', file]));
}

/** A copy of dist/ whose rulesets the rules build compiles with these arguments (the real lists' `buildArgs`, say). */
export function buildExtensionWithRulesArgs(name: string, rulesArgs: readonly string[]): string {
  const dir = join(ROOT, '.tmp', `extension-${name}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(DIST_DIR, dir, { recursive: true });
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build-rules.ts'), ...rulesArgs, '--out', join(dir, 'rules', 'build')], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  return dir;
}

/**
 * A copy of the built extension whose rulesets are compiled from a lists
 * lock and cache of the test's own (`--lock`, `--lists-cache`): the default
 * list set at whatever revision that lock pins, on top of rules/sources.json,
 * with its attribution.json. Never fetches; `listSet` says whether the cache
 * must hold the set (`default`) or must not (`seeds`: the fallback build).
 */
export function buildListsVariant(name: string, lists: { lock: string; cache: string }, listSet: 'default' | 'seeds' = 'default'): string {
  const dir = join(ROOT, '.tmp', `extension-${name}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(DIST_DIR, dir, { recursive: true });
  rmSync(join(dir, '_metadata'), { recursive: true, force: true });
  const printed = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build-rules.ts'), '--lock', lists.lock, '--lists-cache', lists.cache, '--out', join(dir, 'rules', 'build')], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (/building on the curated seed lists only/.test(printed) !== (listSet === 'seeds')) throw new Error(`buildListsVariant(${name}): expected a build on the ${listSet} lists:\n${printed}`);
  return dir;
}
