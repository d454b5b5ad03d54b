/**
 * The READMEs cite tests as evidence ("the threat model, as built and
 * tested"): every test file they name must exist, so a renamed or deleted
 * test cannot leave a claim pointing at nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DOCUMENTS = ['README.md', 'server/README.md', 'docs/deploying.md', 'bench/README.md'];

const testFiles = new Set(
  readdirSync(join(ROOT, 'test'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => entry.name),
);

describe('test files the READMEs cite', () => {
  it.each(DOCUMENTS)('%s names only tests that exist', (document) => {
    const named = [...readFileSync(join(ROOT, document), 'utf8').matchAll(/[\w./-]+\.test\.ts/g)].map((match) => basename(match[0]));
    expect(named.filter((name) => !testFiles.has(name))).toEqual([]);
  });

  it('the endpoint threat model cites its tests', () => {
    const text = readFileSync(join(ROOT, 'server/README.md'), 'utf8');
    const model = text.slice(text.indexOf('## Threat model'), text.indexOf('## API v1'));
    expect(model.match(/\.test\.ts/g)?.length ?? 0).toBeGreaterThanOrEqual(8);
  });
});
