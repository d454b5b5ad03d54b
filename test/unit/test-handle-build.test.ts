/**
 * The worker's test handle (`globalThis.schoolFilter`: uploadNow, sendReports,
 * syncLessons, ...) is built into test builds only: a production build has
 * none of it, and packaging refuses a test build. Both builds are made here
 * with the real Vite config, into temporary folders.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesWithTestHandle } from '../../scripts/package/test-handle-check';

const ROOT = join(import.meta.dirname, '..', '..');
const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
let work: string;

function build(mode: 'production' | 'test'): string {
  const outDir = join(work, mode);
  execFileSync(process.execPath, [VITE, 'build', '--mode', mode, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, stdio: 'pipe' });
  return outDir;
}

function builtJavaScript(dir: string): string {
  return readdirSync(join(dir, 'assets'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(dir, 'assets', name), 'utf8'))
    .join('\n');
}

let production: string;
let testBuild: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'school-filter-builds-'));
  production = build('production');
  testBuild = build('test');
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the worker test handle', () => {
  it('is in a test build (so the checks below can fail)', () => {
    expect(filesWithTestHandle(testBuild)).not.toEqual([]);
    expect(builtJavaScript(testBuild)).toContain('schoolFilter');
  });

  it('is nowhere in a production build', () => {
    expect(filesWithTestHandle(production)).toEqual([]);
    expect(builtJavaScript(production)).not.toContain('schoolFilter');
  });

  it('makes packaging refuse a test build, naming the right build command', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'package.ts'), '--from', testBuild, '--out', join(work, 'package')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/is a test build .*npm run build/);
  });
});
