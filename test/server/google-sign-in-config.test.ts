/** The googleSignIn key: the secret from a file or the environment (never the JSON), publicUrl required, clear errors. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLOCK_SKEW_SECONDS } from '../../server/src/auth/oidc/claims';
import { FLOW_COOKIE_PATH, FLOW_MINUTES } from '../../server/src/auth/oidc/flow-cookie';
import { DEFAULT_PROVIDER_TIMEOUT_SECONDS, GOOGLE_ISSUER } from '../../server/src/config/google-sign-in';
import { GOOGLE_CALLBACK_PATH } from '../../server/src/config/google-sign-in-paths';
import { parseConfig } from '../../server/src/config/load';

const tokens = [{ token: 'a-device-token-that-is-long-enough', scope: 'device', label: 'pupils' }];
const dir = mkdtempSync(join(tmpdir(), 'google-config-'));
writeFileSync(join(dir, 'google-secret'), 'the-secret\n');
// The README's example names this file.
writeFileSync(join(dir, 'google-client-secret'), 'the-secret\n');
const google = { clientId: 'client.apps.googleusercontent.com', clientSecretFile: 'google-secret', domains: ['School.Example'], roles: { 'IT.Lead@school.example': 'it-lead', 'dsl@school.example': 'dsl' } };
const publicUrl = 'https://filter.school.example/';

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('googleSignIn config', () => {
  it('is off when absent', () => {
    expect(parseConfig({ tokens }, 'c', dir).googleSignIn).toBeNull();
  });

  it("reads the secret beside the config, defaults to Google's issuer, and makes the redirect URI from publicUrl", () => {
    expect(parseConfig({ tokens, publicUrl, googleSignIn: google }, 'c', dir).googleSignIn).toEqual({
      clientId: 'client.apps.googleusercontent.com',
      clientSecret: 'the-secret',
      domains: ['school.example'],
      roles: { 'it.lead@school.example': 'it-lead', 'dsl@school.example': 'dsl' },
      issuer: 'https://accounts.google.com',
      timeoutMs: 10_000,
      redirectUri: 'https://filter.school.example/dashboard/api/oidc/callback',
    });
  });

  it('reads the secret from an environment variable', () => {
    const { clientSecretFile: _, ...rest } = google;
    const config = parseConfig({ tokens, publicUrl, googleSignIn: { ...rest, clientSecretEnv: 'GOOGLE_SECRET' } }, 'c', dir, { GOOGLE_SECRET: 'from-env' });
    expect(config.googleSignIn?.clientSecret).toBe('from-env');
  });

  it('refuses a config without publicUrl, saying why', () => {
    expect(() => parseConfig({ tokens, googleSignIn: google }, 'c', dir)).toThrow('c: publicUrl: Google sign-in sends staff back to <publicUrl>/dashboard/api/oidc/callback');
  });

  it('refuses a secret in the JSON, a missing one, an unreadable one, both sources, a role outside the domains, and a plain-http issuer', () => {
    const { clientSecretFile: _, ...noSecret } = google;
    expect(() => parseConfig({ tokens, publicUrl, googleSignIn: { ...noSecret, clientSecret: 'x' } }, 'c', dir)).toThrow(/c: googleSignIn: Unrecognized key: "clientSecret"/);
    expect(() => parseConfig({ tokens, publicUrl, googleSignIn: noSecret }, 'c', dir)).toThrow('c: googleSignIn.clientSecretFile: set one of clientSecretFile or clientSecretEnv');
    expect(() => parseConfig({ tokens, publicUrl, googleSignIn: { ...google, clientSecretEnv: 'X' } }, 'c', dir)).toThrow('set one of clientSecretFile or clientSecretEnv');
    expect(() => parseConfig({ tokens, publicUrl, googleSignIn: { ...google, clientSecretFile: 'missing' } }, 'c', dir)).toThrow(/c: googleSignIn\.clientSecretFile: cannot read .*missing: ENOENT/);
    expect(() => parseConfig({ tokens, publicUrl, googleSignIn: { ...google, roles: { 'head@gmail.com': 'dsl' } } }, 'c', dir)).toThrow('head@gmail.com is not in domains (school.example): it could never sign in');
    expect(() => parseConfig({ tokens, publicUrl, googleSignIn: { ...google, roles: {} } }, 'c', dir)).toThrow('map at least one account to a role');
    expect(() => parseConfig({ tokens, publicUrl, googleSignIn: { ...google, issuer: 'http://idp.example' } }, 'c', dir)).toThrow('c: googleSignIn.issuer: must be https://');
    expect(() => parseConfig({ tokens, publicUrl, googleSignIn: { ...google, domains: [] } }, 'c', dir)).toThrow('at least one domain');
  });
});

describe("server/README.md's Sign in with Google", () => {
  const readme = readFileSync(resolve(import.meta.dirname, '..', '..', 'server', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Sign in with Google'), readme.indexOf('## Notifications')).replace(/\s+/g, ' ');
  const row = (key: string) => readme.split('\n').find((line) => line.startsWith(`| \`${key}\``)) ?? '';

  it('gives the defaults, the redirect path, the leeway and the flow lifetime the code uses', () => {
    expect(row('googleSignIn.issuer')).toContain(`| \`${GOOGLE_ISSUER}\` |`);
    expect(row('googleSignIn.timeoutSeconds')).toContain(`| \`${DEFAULT_PROVIDER_TIMEOUT_SECONDS}\` |`);
    expect(section).toContain(`\`<publicUrl>${GOOGLE_CALLBACK_PATH}\``);
    expect(section).toContain(`${CLOCK_SKEW_SECONDS} seconds' leeway`);
    expect(section).toContain(`scoped to \`${FLOW_COOKIE_PATH}\`, ${FLOW_MINUTES} minutes`);
  });

  it('gives an example config the endpoint accepts', () => {
    const example = section.slice(section.indexOf('```json') + '```json'.length, section.indexOf('```', section.indexOf('```json') + 7));
    const config = parseConfig({ tokens, ...JSON.parse(`{${example}}`) }, 'README example', dir, {});
    expect(config.googleSignIn?.redirectUri).toBe('https://filter.school.example/dashboard/api/oidc/callback');
    expect(config.googleSignIn?.roles).toEqual({ 'dsl@school.example': 'dsl', 'it.lead@school.example': 'it-lead' });
  });
});
