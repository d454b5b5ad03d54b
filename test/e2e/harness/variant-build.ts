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

/** A copy of dist/ whose rulesets are compiled from exactly these sources files (the real lists, say). */
export function buildExtensionWithSources(name: string, sourceFiles: readonly string[]): string {
  const dir = join(ROOT, '.tmp', `extension-${name}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(DIST_DIR, dir, { recursive: true });
  const sources = sourceFiles.flatMap((file) => ['--sources', file]);
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build-rules.ts'), ...sources, '--out', join(dir, 'rules', 'build')], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  return dir;
}
