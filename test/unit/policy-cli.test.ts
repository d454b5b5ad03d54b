/**
 * The IT admin's `npm run policy -- check` on a corpus of real-looking good
 * and bad policies (test/fixtures/policies): every bad one is caught with the
 * path of the field, every good one passes, in both Admin console forms.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicyText } from '../../src/policy/check';

const dir = 'test/fixtures/policies';
const files = readdirSync(dir);

const expectedPaths: Record<string, string[]> = {
  'bad-not-json.json': [],
  'bad-array.json': ['(root)'],
  'bad-role-case.json': ['role'],
  'bad-year-group.json': ['yearGroup'],
  'bad-year-group-number.json': ['yearGroup'],
  'bad-category-actions.json': ['categoryActions.KS3.social', 'categoryActions.KS3.ai', 'categoryActions.Y20'],
  'bad-domains.json': ['blockDomains[0]', 'blockDomains[1]', 'allowDomains'],
  'bad-endpoint.json': ['endpoint.url', 'endpoint.token', 'endpoint'],
  'bad-pattern.json': ['yearGroupFromEmail.pattern'],
  'bad-logging.json': ['logging.detail', 'logging.uploadIntervalMinutes', 'reportScreenshots'],
  'bad-locked-safesearch.json': ['lockedCategories[1]', 'safeSearch.youtube'],
};

describe('policy check', () => {
  it('has a fixture for every expectation', () => {
    for (const name of Object.keys(expectedPaths)) expect(files).toContain(name);
  });

  it.each(files.filter((f) => f.startsWith('valid-')))('accepts %s', (name) => {
    const result = checkPolicyText(readFileSync(join(dir, name), 'utf8'), name);
    expect(result.lines.at(-1)).toMatch(/valid/);
    expect(result.ok).toBe(true);
  });

  it.each(files.filter((f) => f.startsWith('bad-')))('rejects %s, naming each bad field', (name) => {
    const result = checkPolicyText(readFileSync(join(dir, name), 'utf8'), name);
    expect(result.ok).toBe(false);
    for (const path of expectedPaths[name] ?? ['(no expectation written)']) {
      expect(result.lines.join('\n')).toContain(` at ${path}:`);
    }
    if (name === 'bad-not-json.json') expect(result.lines[0]).toContain('not valid JSON');
  });

  it('runs as a command: exit 1 with the errors for a bad file, 0 for a good one, 2 for a missing one', () => {
    const run = (...args: string[]) => {
      try {
        return { code: 0, out: execFileSync('npx', ['tsx', 'scripts/policy-cli.ts', ...args], { encoding: 'utf8', stdio: 'pipe' }) };
      } catch (error) {
        const e = error as { status: number; stdout: string; stderr: string };
        return { code: e.status, out: e.stdout + e.stderr };
      }
    };
    expect(run('check', join(dir, 'bad-role-case.json'))).toMatchObject({ code: 1, out: expect.stringContaining('error at role') });
    expect(run('check', join(dir, 'valid-staff.json')).code).toBe(0);
    expect(run('check', join(dir, 'no-such-file.json')).code).toBe(2);
    // Three cold tsx starts: seconds each on a loaded 2-core machine.
  }, 60_000);

  it('prints examples that pass its own check, in both forms', () => {
    const wrapped = execFileSync('npx', ['tsx', 'scripts/policy-cli.ts', 'example', 'pupil', 'Y7'], { encoding: 'utf8' });
    expect(JSON.parse(wrapped).yearGroup).toEqual({ Value: 'Y7' });
    expect(checkPolicyText(wrapped, 'example').ok).toBe(true);
    const plain = execFileSync('npx', ['tsx', 'scripts/policy-cli.ts', 'example', 'staff', '--plain'], { encoding: 'utf8' });
    expect(JSON.parse(plain).role).toBe('staff');
    expect(checkPolicyText(plain, 'example').ok).toBe(true);
  }, 60_000);
});
