/**
 * Dashboard sign-in with Google (OpenID Connect) against a loopback stand-in for Google's provider with
 * real RS256 keys: the good path gives the same database session a password gives, with the mapped role,
 * and every failure mode is refused back to the sign-in page with its code, logged without tokens, and
 * counted against the sign-in limits.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_VALUE } from '../../server/src/dashboard-api/types';
import { openStore } from '../../server/src/store/open-store';
import { signIn } from './harness/dashboard';
import { signInWithGoogle, startGoogleServer } from './harness/google-sign-in';
import { CLIENT_ID, makeKey, startStandInProvider, type StandInProvider } from './harness/oidc-provider';
import { IT_LEAD, startTestServer, type TestServer } from './harness/server';

let provider: StandInProvider;
let server: TestServer;
const logLines: string[] = [];

beforeAll(async () => {
  provider = await startStandInProvider();
  server = await startGoogleServer(provider, { logLines });
});

afterAll(async () => {
  await server?.close();
  await provider?.close();
});

afterEach(async () => {
  provider.account = { email: 'it.lead@school.example', hd: 'school.example', email_verified: true };
  provider.next = null;
  provider.authorizeError = null;
  provider.hangTokens = false;
  // Each test starts with no failures counted (as unlock-sign-in does), so the limits tests see only their own.
  const store = await openStore(server.config);
  await store.signIns.clear();
  await store.close();
});

async function me(session: string | null): Promise<unknown> {
  const response = await server.fetch('/dashboard/api/me', { headers: { cookie: session ?? '' } });
  return response.status === 200 ? response.json() : response.status;
}

function refusedWith(landing: string): string | null {
  const url = new URL(landing, 'http://x');
  return url.pathname === '/dashboard/login' ? url.searchParams.get('signin-error') : null;
}

describe('the good path', () => {
  it('signs a mapped IT Lead in with the same session cookie and CSRF rules, and /me says who', async () => {
    const result = await signInWithGoogle(server);
    expect(result.landing).toBe('/dashboard/');
    expect(result.session).toMatch(/^school_filter_session=/);
    expect(await me(result.session)).toEqual({ username: 'it.lead@school.example', role: 'it-lead' });
    // A change without the CSRF header is refused, as for a password session; with it, it goes through.
    const logout = (headers: Record<string, string>) => server.fetch('/dashboard/api/logout', { method: 'POST', headers: { cookie: result.session!, ...headers } });
    expect((await logout({})).status).toBe(403);
    expect((await logout({ [CSRF_HEADER]: CSRF_VALUE })).status).toBe(200);
    expect(await me(result.session)).toBe(401);
  });

  it('maps the DSL account to the DSL role', async () => {
    provider.account = { email: 'DSL@school.example', hd: 'school.example', email_verified: true };
    const result = await signInWithGoogle(server);
    expect(await me(result.session)).toEqual({ username: 'dsl@school.example', role: 'dsl' });
  });

  it('keeps the deep link across sign-in', async () => {
    const result = await signInWithGoogle(server, 'safeguarding-alert/42');
    expect(result.landing).toBe('/dashboard/#safeguarding-alert/42');
  });

  it('asks for a code with PKCE (S256), state and nonce, in a short-lived HttpOnly flow cookie', async () => {
    const start = await server.fetch('/dashboard/api/oidc/start', { redirect: 'manual' });
    const to = new URL(start.headers.get('location')!);
    expect(`${to.origin}${to.pathname}`).toBe(`${provider.issuer}/o/oauth2/v2/auth`);
    expect(to.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(to.searchParams.get('redirect_uri')).toBe(`${server.url}/dashboard/api/oidc/callback`);
    expect(to.searchParams.get('response_type')).toBe('code');
    expect(to.searchParams.get('scope')).toBe('openid email');
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = start.headers.getSetCookie().find((line) => line.startsWith('school_filter_oidc='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/dashboard\/api\/oidc/);
    expect(cookie).toMatch(/Max-Age=600/);
    // The verifier is not readable in the cookie's clear text.
    expect(cookie).not.toContain(to.searchParams.get('code_challenge'));
  });

  it('tells the sign-in page that Google sign-in is on', async () => {
    expect(await (await server.fetch('/dashboard/api/sign-in-methods')).json()).toEqual({ google: true });
  });
});

describe('refusals', () => {
  const cases: [string, () => void, string][] = [
    ['an expired token', () => (provider.next = { claims: { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 } }), 'invalid-token'],
    ['a token issued in the future', () => (provider.next = { claims: { iat: Math.floor(Date.now() / 1000) + 3600, exp: Math.floor(Date.now() / 1000) + 7200 } }), 'invalid-token'],
    ['a token for another client (audience)', () => (provider.next = { claims: { aud: 'another-client.apps.example' } }), 'invalid-token'],
    ['a token from another issuer', () => (provider.next = { claims: { iss: 'https://evil.example' } }), 'invalid-token'],
    ['a token for another sign-in (nonce)', () => (provider.next = { claims: { nonce: 'someone-elses-nonce' } }), 'invalid-token'],
    ['a tampered token (signature)', () => (provider.next = { tamper: true }), 'invalid-token'],
    ['a token signed with a key the provider does not publish', () => (provider.next = { key: makeKey('unpublished') }), 'invalid-token'],
    ['an account of another domain', () => (provider.account = { email: 'it.lead@other.example', hd: 'other.example', email_verified: true }), 'wrong-domain'],
    ['a personal Google account (no hd)', () => (provider.account = { email: 'it.lead.school@gmail.com', email_verified: true }), 'wrong-domain'],
    ['a school address on a personal account (no hd)', () => (provider.account = { email: 'it.lead@school.example', email_verified: true }), 'wrong-domain'],
    ['an unverified email', () => (provider.account = { email: 'it.lead@school.example', hd: 'school.example', email_verified: false }), 'unverified-email'],
    ['a school account not mapped to a role', () => (provider.account = { email: 'pupil@school.example', hd: 'school.example', email_verified: true }), 'not-mapped'],
    ['an error from the provider in the callback', () => (provider.authorizeError = 'access_denied'), 'provider-error'],
  ];
  for (const [what, arrange, code] of cases) {
    it(`refuses ${what} (${code}), logs why without the token, and creates no session`, async () => {
      arrange();
      const sessions = (await server.counts()).sessions;
      const failures = (await server.counts()).sign_in_failures;
      const lines = logLines.length;
      const result = await signInWithGoogle(server, 'report/7');
      expect(refusedWith(result.landing)).toBe(code);
      expect(new URL(result.landing, 'http://x').hash).toBe('#report/7');
      expect(result.session).toBeNull();
      expect((await server.counts()).sessions).toBe(sessions);
      expect((await server.counts()).sign_in_failures).toBe(failures + 1);
      const logged = logLines.slice(lines).join('\n');
      expect(logged).toContain(`dashboard sign-in refused (Google): ${code}`);
      expect(logged).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
      expect(logged).not.toContain(new URL(result.callback.url).searchParams.get('code') ?? 'no code in this case');
    });
  }

  it('refuses a callback whose state is not the one this browser started', async () => {
    const result = await signInWithGoogle(server, '', (url) => url.searchParams.set('state', 'forged-state'));
    expect(refusedWith(result.landing)).toBe('bad-state');
    expect(result.session).toBeNull();
  });

  it('refuses a callback without the flow cookie (another browser)', async () => {
    const first = await signInWithGoogle(server, '', (url) => url.searchParams.set('state', 'x'));
    const start = await server.fetch('/dashboard/api/oidc/start', { redirect: 'manual' });
    const approved = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const answer = await fetch(approved.headers.get('location')!, { redirect: 'manual' });
    expect(refusedWith(answer.headers.get('location')!)).toBe('bad-state');
    expect(first.session).toBeNull();
  });

  it('refuses a replayed callback, even with the flow cookie copied', async () => {
    const result = await signInWithGoogle(server);
    expect(result.session).not.toBeNull();
    const replay = await fetch(result.callback.url, { redirect: 'manual', headers: { cookie: result.callback.cookie } });
    expect(refusedWith(replay.headers.get('location')!)).toBe('bad-state');
    expect(replay.headers.getSetCookie().some((line) => line.startsWith('school_filter_session='))).toBe(false);
  });

  it('refuses an edited flow cookie', async () => {
    const start = await server.fetch('/dashboard/api/oidc/start', { redirect: 'manual' });
    const cookie = start.headers.getSetCookie().find((line) => line.startsWith('school_filter_oidc='))!.split(';')[0]!;
    const approved = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const [name, value] = cookie.split('=') as [string, string];
    const [body, mac] = value.split('.') as [string, string];
    const flow = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const edited = Buffer.from(JSON.stringify({ ...flow, then: 'elsewhere' })).toString('base64url');
    const answer = await fetch(approved.headers.get('location')!, { redirect: 'manual', headers: { cookie: `${name}=${edited}.${mac}` } });
    expect(refusedWith(answer.headers.get('location')!)).toBe('bad-state');
  });

  it('refuses an expired flow (over 10 minutes between start and callback)', async () => {
    const result = await signInWithGoogle(server, '', () => server.clock.advanceMinutes(11));
    expect(refusedWith(result.landing)).toBe('bad-state');
  });

  it('fetches the key set again for a key it has not seen (rotation), at most once a minute', async () => {
    expect((await signInWithGoogle(server)).session).not.toBeNull();
    const fetched = provider.hits['/oauth2/v3/certs'] ?? 0;
    const rotated = makeKey('stand-in-key-2');
    provider.keys.push(rotated);
    server.clock.advanceMinutes(2);
    provider.next = { key: rotated };
    expect((await signInWithGoogle(server)).session).not.toBeNull();
    expect(provider.hits['/oauth2/v3/certs']).toBe(fetched + 1);
    // Unknown key ids straight after: no fetch for each one.
    provider.next = { key: makeKey('made-up-1') };
    expect(refusedWith((await signInWithGoogle(server)).landing)).toBe('invalid-token');
    provider.next = { key: makeKey('made-up-2') };
    expect(refusedWith((await signInWithGoogle(server)).landing)).toBe('invalid-token');
    expect(provider.hits['/oauth2/v3/certs']).toBe(fetched + 1);
    provider.keys.pop();
  });
});

describe('sign-in limits', () => {
  it('counts refused Google sign-ins by address: after 10, even a good account and the password form are refused', async () => {
    provider.account = { email: 'someone@other.example', hd: 'other.example', email_verified: true };
    for (let attempt = 0; attempt < 10; attempt += 1) expect(refusedWith((await signInWithGoogle(server)).landing)).toBe('wrong-domain');
    provider.account = { email: 'it.lead@school.example', hd: 'school.example', email_verified: true };
    const result = await signInWithGoogle(server);
    expect(refusedWith(result.landing)).toBe('too-many');
    expect(result.session).toBeNull();
    await expect(signIn(server, IT_LEAD)).rejects.toThrow(/429/);
  });

  it('counts failures against a mapped account too (30 from any address lock it)', async () => {
    provider.account = { email: 'dsl@school.example', hd: 'school.example', email_verified: false };
    // Ten from each of three addresses would need three machines: write the failures the way the endpoint does, as other addresses.
    for (let attempt = 0; attempt < 9; attempt += 1) expect(refusedWith((await signInWithGoogle(server)).landing)).toBe('unverified-email');
    const store = await openStore(server.config);
    for (let attempt = 0; attempt < 21; attempt += 1) await store.signIns.recordFailure({ account: 'google:dsl@school.example', address: `10.0.0.${attempt}`, at: server.clock.now() }, new Date(0));
    await store.close();
    provider.account = { email: 'dsl@school.example', hd: 'school.example', email_verified: true };
    expect(refusedWith((await signInWithGoogle(server)).landing)).toBe('too-many');
  });
});

describe('provider unreachable', () => {
  it('refuses when the token endpoint does not answer in time, and does not count it against the address', async () => {
    const slow = await startGoogleServer(provider, { google: { timeoutSeconds: 0.5 } });
    try {
      provider.hangTokens = true;
      const started = Date.now();
      const result = await signInWithGoogle(slow);
      expect(refusedWith(result.landing)).toBe('provider-unreachable');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await slow.counts()).sign_in_failures).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('refuses at the start when the provider cannot be reached at all', async () => {
    const gone = await startStandInProvider();
    await gone.close();
    const offline = await startGoogleServer(gone);
    try {
      const start = await offline.fetch('/dashboard/api/oidc/start?then=report%2F1', { redirect: 'manual' });
      expect(start.headers.get('location')).toBe('/dashboard/login?signin-error=provider-unreachable#report/1');
    } finally {
      await offline.close();
    }
  });
});

describe('without googleSignIn', () => {
  it('offers no Google sign-in and its routes say so', async () => {
    const plain = await startTestServer();
    try {
      expect(await (await plain.fetch('/dashboard/api/sign-in-methods')).json()).toEqual({ google: false });
      const start = await plain.fetch('/dashboard/api/oidc/start', { redirect: 'manual' });
      expect(start.headers.get('location')).toBe('/dashboard/login?signin-error=not-configured');
    } finally {
      await plain.close();
    }
  });
});
