/**
 * The proof verifier's verdict cache, against the stand-in issuer's real keys: a verdict is reused until the
 * token expires and not after, the cache is bounded, and an unreachable issuer is asked again next time.
 * The issuer's key source is the real one (HTTP to the stand-in), wrapped to count how often it is consulted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proofVerifier } from '../../server/src/auth/identity-proof/verifier';
import { issuerKeys, type IssuerKeys } from '../../server/src/auth/oidc/provider';
import type { IdentityProofSettings } from '../../server/src/config/identity-proof';
import { API_PATHS } from '../../src/events/wire';
import { IDENTITY_PROOF_HEADER } from '../../src/shared/identity-proof';
import { overrideRequest } from './harness/fixtures';
import { signInWithGoogle, startGoogleServer } from './harness/google-sign-in';
import { mintIdToken, startStandInProvider, type StandInProvider } from './harness/oidc-provider';
import { STAFF_TOKEN } from './harness/server';

const CLIENT = 'school-filter-extension.apps.example';
let provider: StandInProvider;
let clock: Date;

beforeAll(async () => {
  provider = await startStandInProvider();
});
afterAll(async () => provider?.close());

function counted(keys: IssuerKeys): IssuerKeys & { asked: number } {
  const wrapper = {
    asked: 0,
    discovery: () => keys.discovery(),
    keys: (refreshFor?: string) => {
      wrapper.asked++;
      return keys.keys(refreshFor);
    },
  };
  return wrapper;
}

function setup(issuer: string, maxCached?: number) {
  clock = new Date('2026-06-01T09:00:00.000Z');
  const settings: IdentityProofSettings = { clientIds: [CLIENT], domains: ['school.example'], issuer, timeoutMs: 2000, require: { staff: true, pupils: false } };
  const keys = counted(issuerKeys(settings, () => clock.getTime()));
  return { keys, verifier: proofVerifier(settings, keys, () => clock, maxCached) };
}

const token = (email: string, expiresInSeconds = 3600) => mintIdToken(provider, { email, aud: CLIENT, now: clock, expiresInSeconds });

describe('the verdict cache', () => {
  it('checks a token once while it lasts, and refuses it once it has expired', async () => {
    const { keys, verifier } = setup(provider.issuer);
    const proof = token('pupil@school.example', 600);
    for (let i = 0; i < 5; i++) expect(await verifier.verify(proof)).toEqual({ verified: true, account: 'pupil@school.example' });
    expect(keys.asked).toBe(1);
    // Ten minutes, plus the 60 s clock skew, plus one.
    clock = new Date(clock.getTime() + (600 + 60 + 1) * 1000);
    expect(await verifier.verify(proof)).toEqual({ verified: false, problem: 'expired' });
    expect(keys.asked).toBe(2);
  });

  it('holds at most its size, forgetting the oldest verdict first', async () => {
    const { keys, verifier } = setup(provider.issuer, 2);
    const [a, b, c] = ['a@school.example', 'b@school.example', 'c@school.example'].map((email) => token(email));
    for (const proof of [a, b, c]) await verifier.verify(proof!);
    expect(keys.asked).toBe(3);
    await verifier.verify(c!);
    await verifier.verify(b!);
    expect(keys.asked).toBe(3);
    await verifier.verify(a!);
    expect(keys.asked).toBe(4);
  });

  it('never keeps "issuer unreachable" as a verdict: the next request asks for the keys again', async () => {
    const gone = await startStandInProvider();
    await gone.close();
    const { keys, verifier } = setup(gone.issuer);
    const proof = mintIdToken(gone, { email: 'pupil@school.example', aud: CLIENT, now: clock });
    expect(await verifier.verify(proof)).toEqual({ verified: false, problem: 'issuer-unreachable' });
    // The key source keeps its own failure for 15 s (issuer-outage.test.ts); after that it asks the issuer.
    clock = new Date(clock.getTime() + 16_000);
    expect(await verifier.verify(proof)).toEqual({ verified: false, problem: 'issuer-unreachable' });
    expect(keys.asked).toBe(2);
  });

  it('checks new tokens with the keys it holds when the issuer stops answering', async () => {
    const flaky = await startStandInProvider();
    const { verifier } = setup(flaky.issuer);
    const mint = (email: string) => mintIdToken(flaky, { email, aud: CLIENT, now: clock });
    expect(await verifier.verify(mint('first@school.example'))).toEqual({ verified: true, account: 'first@school.example' });
    await flaky.close();
    expect(await verifier.verify(mint('second@school.example'))).toEqual({ verified: true, account: 'second@school.example' });
  });

  it('keeps a refusal only a minute, so a key the issuer publishes later is not refused for the token’s whole life', async () => {
    const { keys, verifier } = setup(provider.issuer);
    const proof = token('pupil@school.example');
    const tampered = `${proof.slice(0, -4)}AAAA`;
    expect(await verifier.verify(tampered)).toEqual({ verified: false, problem: 'bad-signature' });
    expect(await verifier.verify(tampered)).toEqual({ verified: false, problem: 'bad-signature' });
    expect(keys.asked).toBe(1);
    clock = new Date(clock.getTime() + 61_000);
    expect(await verifier.verify(tampered)).toEqual({ verified: false, problem: 'bad-signature' });
    expect(keys.asked).toBe(2);
  });

  it('refuses an oversized header without hashing or parsing it, and an empty one as missing', async () => {
    const { keys, verifier } = setup(provider.issuer);
    expect(await verifier.verify('x'.repeat(9000))).toEqual({ verified: false, problem: 'malformed' });
    expect(await verifier.verify('  ')).toEqual({ verified: false, problem: 'missing' });
    expect(await verifier.verify(undefined)).toEqual({ verified: false, problem: 'missing' });
    expect(keys.asked).toBe(0);
  });
});

describe('one key cache per issuer', () => {
  it("devices' proofs reuse the keys the dashboard's Google sign-in fetched from the same issuer", async () => {
    const server = await startGoogleServer(provider, { config: { identityProof: { clientIds: [CLIENT] } } });
    try {
      const before = provider.hits['/oauth2/v3/certs'] ?? 0;
      expect((await signInWithGoogle(server)).session).not.toBeNull();
      expect(provider.hits['/oauth2/v3/certs']).toBe(before + 1);
      const proof = mintIdToken(provider, { email: 'teacher@school.example', aud: CLIENT, now: server.clock.now() });
      const response = await server.fetch(API_PATHS.overrides, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${STAFF_TOKEN}`, [IDENTITY_PROOF_HEADER]: proof },
        body: JSON.stringify(overrideRequest({ createdBy: 'teacher@school.example' }, server.clock.now())),
      });
      expect(response.status).toBe(201);
      // googleSignIn's domains and issuer were taken as identityProof's, and its keys were not fetched again.
      expect(provider.hits['/oauth2/v3/certs']).toBe(before + 1);
    } finally {
      await server.close();
    }
  });
});
