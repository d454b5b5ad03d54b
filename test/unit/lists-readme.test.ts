/**
 * The README's table of the default list set is generated from the lock
 * (`npm run lists -- readme`, and every update): it must say what the lock
 * says, list by list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { README_BEGIN, README_END, withListsTable } from '../../src/filter/lists/attribution';
import { parseListsLock } from '../../src/filter/lists/lock';
import { EMITTED_ATTRIBUTION, EMITTED_CLASSIFIER } from '../../scripts/vite/lists-attribution';
import { CLASSIFIER_MODEL_PATH } from '../../src/filter/classifier/model-file';
import { ATTRIBUTION_FILE } from '../../src/filter/lists/attribution';

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const LOCK_TEXT = readFileSync(join(ROOT, 'rules', 'lists.lock.json'), 'utf8');

describe("the README's lists table", () => {
  const table = README.slice(README.indexOf(README_BEGIN), README.indexOf(README_END));

  it('names every list of the lock with its pinned revision, homepage and licence', () => {
    const lock = JSON.parse(LOCK_TEXT) as { upstreams: Record<string, { name: string; homepage: string; github: string; revision: string; licence: { name: string; url: string } }> };
    const rows = table.split('\n').filter((line) => line.startsWith('| [') );
    expect(rows).toHaveLength(Object.keys(lock.upstreams).length);
    for (const [index, up] of Object.values(lock.upstreams).entries()) {
      expect(rows[index]).toContain(`[${up.name}](${up.homepage})`);
      expect(rows[index]).toContain(`[${up.github}@${up.revision.slice(0, 7)}](https://github.com/${up.github}/tree/${up.revision})`);
      expect(rows[index]).toContain(`[${up.licence.name}](${up.licence.url})`);
    }
  });

  it('is exactly what `npm run lists -- readme` writes from the lock', () => {
    expect(withListsTable(README, parseListsLock(LOCK_TEXT, 'rules/lists.lock.json'))).toBe(README);
  });
});

describe('the credits file in the built extension', () => {
  it('is emitted into dist at the path the rules build writes it to', () => {
    expect(EMITTED_ATTRIBUTION).toBe(`rules/build/${ATTRIBUTION_FILE}`);
  });

  it('carries the classifier model at the path the worker reads it from', () => {
    expect(EMITTED_CLASSIFIER).toBe(CLASSIFIER_MODEL_PATH);
  });
});
