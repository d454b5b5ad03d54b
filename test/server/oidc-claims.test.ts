/** The ID token's claims and signature rules on their own (pure): cases the stand-in's tokens do not reach. */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acceptedIssuers, checkClaims, type ClaimRules } from '../../server/src/auth/oidc/claims';
import { verifyRs256 } from '../../server/src/auth/oidc/jwt';
import { signJwt } from './harness/oidc-provider';

const now = new Date('2026-03-02T09:00:00Z');
const t = now.getTime() / 1000;
const rules: ClaimRules = { issuers: acceptedIssuers('https://accounts.google.com'), clientId: 'client', nonce: 'n', domains: ['school.example'], roles: { 'dsl@school.example': 'dsl' }, now };
const good = { iss: 'https://accounts.google.com', aud: 'client', exp: t + 600, iat: t - 10, nonce: 'n', email: 'dsl@school.example', email_verified: true, hd: 'school.example' };

describe('checkClaims', () => {
  it("accepts Google's issuer written either way", () => {
    expect(checkClaims(good, rules)).toEqual({ ok: true, email: 'dsl@school.example', role: 'dsl' });
    expect(checkClaims({ ...good, iss: 'accounts.google.com' }, rules).ok).toBe(true);
  });

  it('takes several audiences only when the token was issued to this client (azp)', () => {
    expect(checkClaims({ ...good, aud: ['other', 'client'], azp: 'client' }, rules).ok).toBe(true);
    expect(checkClaims({ ...good, aud: ['other', 'client'], azp: 'other' }, rules)).toMatchObject({ ok: false, code: 'invalid-token' });
  });

  it('allows 60 seconds of clock difference, no more', () => {
    expect(checkClaims({ ...good, exp: t - 59 }, rules).ok).toBe(true);
    expect(checkClaims({ ...good, exp: t - 61 }, rules)).toMatchObject({ ok: false, code: 'invalid-token' });
    expect(checkClaims({ ...good, iat: t + 59 }, rules).ok).toBe(true);
    expect(checkClaims({ ...good, iat: t + 61 }, rules)).toMatchObject({ ok: false, code: 'invalid-token' });
  });

  it('refuses a string "true" for email_verified, and matches hd and email without regard to case', () => {
    expect(checkClaims({ ...good, email_verified: 'true' }, rules)).toMatchObject({ ok: false, code: 'unverified-email' });
    expect(checkClaims({ ...good, hd: 'School.Example', email: 'DSL@School.Example' }, rules)).toEqual({ ok: true, email: 'dsl@school.example', role: 'dsl' });
  });
});

describe('verifyRs256', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1' };

  it('checks RS256 against the key its kid names', () => {
    expect(verifyRs256(signJwt({ alg: 'RS256', kid: 'k1' }, good, privateKey), [jwk])).toEqual({ ok: true, claims: good });
  });

  it('refuses another algorithm in the header (none, HS256), a missing kid and junk', () => {
    const body = Buffer.from(JSON.stringify(good)).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${body}.`;
    expect(verifyRs256(none, [jwk])).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyRs256(signJwt({ alg: 'HS256', kid: 'k1' }, good, privateKey), [jwk])).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyRs256(signJwt({ alg: 'RS256' }, good, privateKey), [jwk])).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyRs256('not.a.token!', [jwk])).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a key of another type or use under the same kid', () => {
    const token = signJwt({ alg: 'RS256', kid: 'k1' }, good, privateKey);
    expect(verifyRs256(token, [{ ...jwk, use: 'enc' }])).toEqual({ ok: false, reason: 'unknown-key' });
  });
});
