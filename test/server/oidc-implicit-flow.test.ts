/**
 * The stand-in issuer's implicit flow (issue 21), as devices use it: it must refuse what Google refuses
 * (an unregistered client or redirect URI, with an error page rather than a redirect), answer
 * `login_required` to `prompt=none` without a session, and otherwise redirect with an ID token for the
 * hinted account carrying the request's nonce, so the device e2e tests meet the real protocol.
 */
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandInProvider, type StandInProvider } from './harness/oidc-provider';

const CLIENT = 'devices.apps.example';
const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

let provider: StandInProvider;

beforeAll(async () => {
  provider = await startStandInProvider();
  provider.implicitClients = { [CLIENT]: [REDIRECT] };
});

afterAll(async () => provider?.close());

async function authorize(params: Record<string, string>): Promise<Response> {
  const query = new URLSearchParams({ response_type: 'id_token', client_id: CLIENT, redirect_uri: REDIRECT, scope: 'openid email', nonce: 'n-1', ...params });
  return fetch(`${provider.issuer}/o/oauth2/v2/auth?${query}`, { redirect: 'manual' });
}

const fragmentOf = (response: Response) => new URLSearchParams(new URL(response.headers.get('location')!).hash.slice(1));

describe('the stand-in issuer’s implicit flow', () => {
  it('signs the hinted account in without a prompt and sends its ID token, with the nonce, in the fragment', async () => {
    const response = await authorize({ prompt: 'none', login_hint: 'teacher@school.example' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')!.startsWith(`${REDIRECT}#`)).toBe(true);
    const [header, payload, signature] = fragmentOf(response).get('id_token')!.split('.');
    const key = createPublicKey(provider.keys[0]!.publicKey.export({ format: 'pem', type: 'spki' }));
    expect(verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature!, 'base64url'))).toBe(true);
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({
      iss: provider.issuer,
      aud: CLIENT,
      email: 'teacher@school.example',
      hd: 'school.example',
      email_verified: true,
      nonce: 'n-1',
    });
  });

  it('answers login_required to prompt=none when there is no session, and signs in when a person may be asked', async () => {
    provider.silentSignIn = false;
    try {
      expect(Object.fromEntries(fragmentOf(await authorize({ prompt: 'none', login_hint: 'teacher@school.example' })))).toEqual({ error: 'login_required' });
      expect(fragmentOf(await authorize({ login_hint: 'teacher@school.example' })).has('id_token')).toBe(true);
    } finally {
      provider.silentSignIn = true;
    }
  });

  it('shows an error page, never a redirect, for an unregistered client or redirect URI', async () => {
    const unknownClient = await authorize({ client_id: 'someone-else.apps.example' });
    expect([unknownClient.status, unknownClient.headers.get('location')]).toEqual([401, null]);
    const otherRedirect = await authorize({ redirect_uri: 'https://attacker.example/' });
    expect([otherRedirect.status, otherRedirect.headers.get('location')]).toEqual([400, null]);
  });

  it('refuses a request without a nonce or the openid scope', async () => {
    expect(fragmentOf(await authorize({ nonce: '' })).get('error')).toBe('invalid_request');
    expect(fragmentOf(await authorize({ scope: 'email' })).get('error')).toBe('invalid_request');
  });
});
