/** What `npm run package` says about the lists in the build it signs: named pins, or a loud warning on seeds. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listSetOf } from '../../scripts/package/list-set';

const work = mkdtempSync(join(tmpdir(), 'school-filter-list-set-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function built(name: string, attribution?: unknown): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'rules', 'build'), { recursive: true });
  if (attribution) writeFileSync(join(dir, 'rules', 'build', 'attribution.json'), JSON.stringify(attribution));
  return dir;
}

describe('the packager on the lists a build holds', () => {
  it('names each list of the default set at its pinned revision', () => {
    const dir = built('default', { listSet: 'default', lists: [{ id: 'ut1', revision: '804da92a9177149204d9a3d0c4ab5bd1cafe120d' }, { id: 'anti-porn-hosts', revision: '6009cf4f2d7122f398c1db4c20ce6667da5188f4' }] });
    expect(listSetOf(dir)).toEqual({ line: 'the default list set: ut1@804da92, anti-porn-hosts@6009cf4' });
  });

  it('warns when the build holds the seed lists only, saying why and what to run', () => {
    const dir = built('seeds', { listSet: 'seeds', reason: 'the lists could not be fetched (offline?)', lists: [] });
    expect(listSetOf(dir)).toEqual({
      line: 'the curated seed lists only',
      warning: 'this package holds the curated seed lists only, not the default list set (the lists could not be fetched (offline?)): run `npm run lists` (it needs the internet), then `npm run package` again',
    });
  });

  it('warns when the build has no attribution file at all', () => {
    expect(listSetOf(built('old'))).toMatchObject({ line: 'unknown', warning: expect.stringContaining('rules/build/attribution.json is missing') });
  });
});
