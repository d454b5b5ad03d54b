/**
 * Obtaining an identity proof, the pure part (src/identity/proof-flow.ts): the implicit-flow request and
 * what the device accepts back. Tokens here are hand-made JWT shapes (the device never checks signatures).
 */
import { describe, expect, it } from 'vitest';
import { authorizationRequestUrl, isUsable, oneAccountRun, proofForRecords, proofFromRedirect, type ProofRequest } from '../../src/identity/proof-flow';

const REQUEST: ProofRequest = {
  authorizationUrl: 'https://issuer.example/o/oauth2/v2/auth',
  clientId: 'devices.apps.example',
  redirectUri: 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
  account: 'teacher@school.example',
  nonce: 'nonce-1',
  interactive: false,
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (claims: Record<string, unknown>) => `${b64({ alg: 'RS256' })}.${b64(claims)}.c2lnbmF0dXJl`;
const GOOD = { email: 'teacher@school.example', nonce: 'nonce-1', exp: 2_000_000_000 };
const back = (fragment: string) => `https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/#${fragment}`;

describe('the authorization request', () => {
  it('asks for an ID token for the signed-in account without a prompt', () => {
    const url = new URL(authorizationRequestUrl(REQUEST));
    expect(`${url.origin}${url.pathname}`).toBe('https://issuer.example/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'id_token',
      client_id: 'devices.apps.example',
      redirect_uri: 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
      scope: 'openid email',
      nonce: 'nonce-1',
      login_hint: 'teacher@school.example',
      prompt: 'none',
    });
  });

  it('lets the issuer show its page when a teacher clicked', () => {
    expect(new URL(authorizationRequestUrl({ ...REQUEST, interactive: true })).searchParams.has('prompt')).toBe(false);
  });
});

describe('the answer', () => {
  it('takes the ID token for this request and account, and its expiry', () => {
    const idToken = token(GOOD);
    expect(proofFromRedirect(back(`id_token=${idToken}&authuser=0`), REQUEST)).toEqual({
      ok: true,
      proof: { token: idToken, account: 'teacher@school.example', clientId: 'devices.apps.example', expiresAt: 2_000_000_000_000 },
    });
  });

  it('matches the account whatever its case', () => {
    expect(proofFromRedirect(back(`id_token=${token({ ...GOOD, email: 'Teacher@School.example' })}`), REQUEST).ok).toBe(true);
  });

  it.each([
    ['an error from the issuer', back('error=login_required'), 'the issuer answered login_required'],
    ['no token', back('state=x'), 'the issuer sent no ID token'],
    ['a token that is not a JWT', back('id_token=abc'), 'the issuer sent an ID token this extension cannot read'],
    ['another nonce (a replayed answer)', back(`id_token=${token({ ...GOOD, nonce: 'old' })}`), 'the ID token is not the answer to this request (its nonce differs)'],
    ['another account', back(`id_token=${token({ ...GOOD, email: 'pupil@school.example' })}`), 'the issuer signed in another account than the one signed in on this device'],
    ['no expiry', back(`id_token=${token({ email: GOOD.email, nonce: GOOD.nonce })}`), 'the ID token has no expiry'],
    ['another place', `https://elsewhere.example/#id_token=${token(GOOD)}`, 'the issuer redirected somewhere other than this extension'],
  ])('refuses %s, saying why without the token', (_name, redirected, why) => {
    const outcome = proofFromRedirect(redirected, REQUEST);
    expect(outcome).toEqual({ ok: false, why });
  });
});

describe('holding a proof', () => {
  const proof = { token: 't', account: 'teacher@school.example', clientId: 'devices.apps.example', expiresAt: 1_000_000 };
  const want = { account: 'teacher@school.example', clientId: 'devices.apps.example' };

  it('is used until five minutes before it expires', () => {
    expect(isUsable(proof, want, 1_000_000 - 5 * 60_000 - 1)).toBe(true);
    expect(isUsable(proof, want, 1_000_000 - 5 * 60_000)).toBe(false);
  });

  it('is not used for another account or client, or when there is none', () => {
    expect(isUsable(proof, { ...want, account: 'other@school.example' }, 0)).toBe(false);
    expect(isUsable(proof, { ...want, clientId: 'another.apps.example' }, 0)).toBe(false);
    expect(isUsable(undefined, want, 0)).toBe(false);
  });

  it('goes beside records only when every record names its account', () => {
    expect(proofForRecords(proof, ['teacher@school.example', 'TEACHER@school.example'])).toBe(proof);
    expect(proofForRecords(proof, ['teacher@school.example', 'pupil@school.example'])).toBeNull();
    expect(proofForRecords(null, ['teacher@school.example'])).toBeNull();
  });
});

describe('batches of one account', () => {
  const user = (record: { user: string }) => record.user;

  it('take the oldest records up to the first of another account', () => {
    const records = [{ user: '' }, { user: '' }, { user: 'ada@school.example' }, { user: '' }];
    expect(oneAccountRun(records, user)).toEqual([{ user: '' }, { user: '' }]);
    expect(oneAccountRun(records.slice(2), user)).toEqual([{ user: 'ada@school.example' }]);
  });

  it('keep a whole batch of one account (whatever the case), and nothing of none', () => {
    const records = [{ user: 'ada@school.example' }, { user: 'Ada@School.example' }];
    expect(oneAccountRun(records, user)).toEqual(records);
    expect(oneAccountRun([], user)).toEqual([]);
  });
});
