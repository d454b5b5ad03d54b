/** server/README.md's "Identity proofs" section and config rows state what the code owns: figures, words, an example that loads. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROOF_PROBLEMS } from '../../src/shared/identity-proof';
import { MAX_CACHED_VERDICTS } from '../../server/src/auth/identity-proof/verifier';
import { CLOCK_SKEW_SECONDS } from '../../server/src/auth/oidc/claims';
import { DEFAULT_PROVIDER_TIMEOUT_SECONDS, GOOGLE_ISSUER } from '../../server/src/config/google-sign-in';
import { parseConfig } from '../../server/src/config/load';
import { verificationWords } from '../../server/src/dashboard-api/verification';
import { ISSUER_UNREACHABLE_RETRY_SECONDS } from '../../server/src/http/identity-proof';

const readme = readFileSync(resolve(import.meta.dirname, '..', '..', 'server', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Identity proofs: who is verified'), readme.indexOf('## Sign in with Google'));
const flat = section.replace(/\s+/g, ' ');
const row = (key: string) => readme.split('\n').find((line) => line.startsWith(`| \`${key}\``)) ?? '';
const dir = mkdtempSync(join(tmpdir(), 'proof-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("server/README.md's identity proofs", () => {
  it('gives an example config the endpoint accepts', () => {
    const example = section.slice(section.indexOf('```json') + '```json'.length, section.indexOf('```', section.indexOf('```json') + 7));
    const config = parseConfig({ tokens: [{ token: 'a-device-token-that-is-long-enough', scope: 'device', label: 'pupils' }], ...JSON.parse(`{${example}}`) }, 'README example', dir);
    expect(config.identityProof).toMatchObject({ domains: ['school.example'], require: { staff: true, pupils: false } });
  });

  it('states the defaults, the leeway, the cache size and the retry the code uses', () => {
    expect(row('identityProof.issuer')).toContain(`\`${GOOGLE_ISSUER}\``);
    expect(row('identityProof.timeoutSeconds')).toContain(`else \`${DEFAULT_PROVIDER_TIMEOUT_SECONDS}\``);
    expect(row('identityProof.require.staff')).toContain('| `true` |');
    expect(row('identityProof.require.pupils')).toContain('| `false` |');
    expect(flat).toContain(`(${CLOCK_SKEW_SECONDS} seconds' leeway)`);
    expect(flat).toContain(`for at most ${MAX_CACHED_VERDICTS.toLocaleString('en-GB')} tokens`);
    expect(flat).toContain(`503 with \`Retry-After: ${ISSUER_UNREACHABLE_RETRY_SECONDS}\``);
  });

  it("lists every problem once, with the dashboard's own words for its marker", () => {
    const rows = section.split('\n').filter((line) => /^\| `[a-z-]+` \|/.test(line));
    expect(rows.map((line) => /^\| `([a-z-]+)`/.exec(line)![1])).toEqual([...PROOF_PROBLEMS]);
    for (const line of rows) {
      const [, code, , marker] = line.split('|').map((cell) => cell.trim().replace(/`/g, ''));
      if (code === 'other-account') continue;
      expect(marker, code).toBe(verificationWords({ verified: false, problem: code as (typeof PROOF_PROBLEMS)[number] }));
    }
  });
});
