/**
 * The house's import directions (DESIGN.md: "pure core never imports the
 * worker or pages"), read from the source files themselves:
 * - the core (src/ outside background/ and pages/) imports neither the worker
 *   nor the pages, and makes no chrome.* call (types only: the worker's thin
 *   adapters do the calling);
 * - the endpoint and its dashboard share the core, never the worker or pages;
 * - pages reach the worker by messages, never by importing it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') found.push(...sourceFiles(path));
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      found.push(path);
    }
  }
  return found;
}

/** Every module a file names: static imports and re-exports (type-only ones too), and dynamic import(). */
export function importedSpecifiers(text: string): string[] {
  const specifiers: string[] = [];
  for (const match of text.matchAll(/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g)) specifiers.push(match[1]!);
  for (const match of text.matchAll(/\bimport\s*(?:\(\s*)?['"]([^'"]+)['"]/g)) specifiers.push(match[1]!);
  return specifiers;
}

/** Repository-relative targets of a file's relative imports. */
function importTargets(file: string): string[] {
  return importedSpecifiers(readFileSync(join(ROOT, file), 'utf8'))
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(ROOT, resolve(ROOT, dirname(file), specifier)));
}

function violations(files: readonly string[], forbidden: readonly string[]): string[] {
  return files.flatMap((file) =>
    importTargets(file)
      .filter((target) => forbidden.some((dir) => target === dir || target.startsWith(`${dir}/`)))
      .map((target) => `${file} imports ${target}`),
  );
}

const WORKER = 'src/background';
const PAGES = 'src/pages';
const CORE = ['src/events', 'src/filter', 'src/identity', 'src/overrides', 'src/policy', 'src/reports', 'src/school-lists', 'src/shared'];

describe('import directions', () => {
  it('reads the import forms the code uses (so the rules below can fail)', () => {
    const text = [
      "import type { A } from '../background/identity';",
      "import { b,\n  c } from './b';",
      "export { d } from '../pages/d';",
      "export type { E } from './e';",
      "import './side-effect';",
      "const f = await import('../f');",
    ].join('\n');
    expect(importedSpecifiers(text)).toEqual(['../background/identity', './b', '../pages/d', './e', './side-effect', '../f']);
  });

  it('the core never imports the worker or the pages', () => {
    const files = CORE.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(50);
    expect(violations(files, [WORKER, PAGES])).toEqual([]);
  });

  it('the core makes no chrome.* call: only the worker and pages talk to Chrome', () => {
    const calls = CORE.flatMap(sourceFiles).flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(/\bchrome\.[a-zA-Z]+\.[a-zA-Z]+\s*\(/g)].map((match) => `${file}: ${match[0]}`),
    );
    expect(calls).toEqual([]);
  });

  it('the endpoint and its dashboard share the core, never the worker or the pages', () => {
    const files = [...sourceFiles('server/src'), ...sourceFiles('server/dashboard/src')];
    expect(files.length).toBeGreaterThan(50);
    expect(violations(files, [WORKER, PAGES])).toEqual([]);
  });

  it('pages reach the worker by messages, never by importing it', () => {
    expect(violations(sourceFiles(PAGES), [WORKER])).toEqual([]);
  });
});
