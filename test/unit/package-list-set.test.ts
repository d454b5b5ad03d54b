/**
 * What `npm run package` says about the lists in the build it signs: each
 * list at its pin, or, for a build on the seed lists only, a refusal unless
 * --allow-seed-lists (a refresh run offline must not publish a weak filter).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { publicKeyOf } from '../../scripts/package/crx3';
import { listSetOf } from '../../scripts/package/list-set';

const ROOT = join(import.meta.dirname, '..', '..');

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
      warning: 'this build holds the curated seed lists only, not the default list set (the lists could not be fetched (offline?)): run `npm run lists` (it needs the internet), then `npm run package` again',
    });
  });

  it('warns when the build has no attribution file at all', () => {
    expect(listSetOf(built('old'))).toMatchObject({ line: 'unknown', warning: expect.stringContaining('rules/build/attribution.json is missing') });
  });

  it('refuses to package a seeds-only build unless --allow-seed-lists, and then warns', () => {
    // A production-shaped build (no test handle), keyed with the development key so nothing is recompiled.
    const dir = built('seeds-build', { listSet: 'seeds', reason: 'the lists could not be fetched (offline?)', lists: [] });
    const key = publicKeyOf(readFileSync(join(ROOT, 'keys', 'development.pem'), 'utf8')).toString('base64');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'School Filter', version: '1.2.3', key }));
    const run = (extra: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'package.ts'), '--from', dir, '--out', join(work, 'package'), ...extra], { cwd: ROOT, encoding: 'utf8' });
    const refused = run([]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/^package: this build holds the curated seed lists only, .*To publish it as it is, pass --allow-seed-lists\.$/m);
    expect(() => readdirSync(join(work, 'package'))).toThrow();
    const allowed = run(['--allow-seed-lists']);
    expect(allowed.status).toBe(0);
    expect(allowed.stderr).toMatch(/^package: WARNING: this build holds the curated seed lists only/m);
    expect(allowed.stdout).toContain('  lists:        the curated seed lists only');
    expect(readdirSync(join(work, 'package'))).toContain('school-filter-1.2.3.crx');
  }, 60_000);
});
