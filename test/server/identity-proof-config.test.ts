/** The identityProof key: defaults taken from googleSignIn when it is there, required fields otherwise, clear errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/src/config/load';

const tokens = [{ token: 'a-device-token-that-is-long-enough', scope: 'device', label: 'pupils' }];
const dir = mkdtempSync(join(tmpdir(), 'proof-config-'));
writeFileSync(join(dir, 'google-secret'), 'the-secret\n');
const google = { clientId: 'dashboard.apps.googleusercontent.com', clientSecretFile: 'google-secret', domains: ['School.Example'], roles: { 'it.lead@school.example': 'it-lead' } };
const publicUrl = 'https://filter.school.example/';
const clientIds = ['extension.apps.googleusercontent.com'];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('identityProof config', () => {
  it('is off when absent', () => {
    expect(parseConfig({ tokens }, 'c', dir).identityProof).toBeNull();
  });

  it("on its own: Google's issuer, 10 s to answer, staff required and pupils not, domains normalised", () => {
    expect(parseConfig({ tokens, identityProof: { clientIds, domains: ['School.Example.'] } }, 'c', dir).identityProof).toEqual({
      clientIds,
      domains: ['school.example'],
      issuer: 'https://accounts.google.com',
      timeoutMs: 10_000,
      require: { staff: true, pupils: false },
    });
  });

  it("takes googleSignIn's domains, issuer and timeout when it leaves them out", () => {
    const config = parseConfig({ tokens, publicUrl, googleSignIn: { ...google, issuer: 'http://127.0.0.1:9/', timeoutSeconds: 3 }, identityProof: { clientIds, require: { pupils: true } } }, 'c', dir);
    expect(config.identityProof).toEqual({ clientIds, domains: ['school.example'], issuer: 'http://127.0.0.1:9', timeoutMs: 3000, require: { staff: true, pupils: true } });
  });

  it('its own domains and issuer beat googleSignIn’s', () => {
    const config = parseConfig({ tokens, publicUrl, googleSignIn: google, identityProof: { clientIds, domains: ['pupils.school.example'], issuer: 'https://issuer.example', require: { staff: false } } }, 'c', dir);
    expect(config.identityProof).toMatchObject({ domains: ['pupils.school.example'], issuer: 'https://issuer.example', timeoutMs: 10_000, require: { staff: false, pupils: false } });
  });

  it('refuses no client id, no domains anywhere, a plain-http issuer off loopback, and unknown keys, naming each', () => {
    expect(() => parseConfig({ tokens, identityProof: { clientIds: [], domains: ['school.example'] } }, 'c', dir)).toThrow("c: identityProof.clientIds: at least one OAuth client id");
    expect(() => parseConfig({ tokens, identityProof: { clientIds } }, 'c', dir)).toThrow("c: identityProof.domains: the school's Workspace domains");
    expect(() => parseConfig({ tokens, identityProof: { clientIds, domains: [] } }, 'c', dir)).toThrow('c: identityProof.domains: at least one domain');
    expect(() => parseConfig({ tokens, identityProof: { clientIds, domains: ['not a domain'] } }, 'c', dir)).toThrow('c: identityProof.domains.0: "not a domain" is not a domain name');
    expect(() => parseConfig({ tokens, identityProof: { clientIds, domains: ['school.example'], issuer: 'http://idp.example' } }, 'c', dir)).toThrow('c: identityProof.issuer: must be https://');
    expect(() => parseConfig({ tokens, identityProof: { clientIds, domains: ['school.example'], require: { teachers: true } } }, 'c', dir)).toThrow(/c: identityProof\.require: Unrecognized key: "teachers"/);
  });
});
