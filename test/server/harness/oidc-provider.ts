/**
 * A loopback stand-in for Google's OpenID provider, speaking the real protocol: a discovery document, an
 * authorization endpoint that signs in a preset account and redirects back with a code and the state, a
 * token endpoint that exchanges the code (checking the client secret, the redirect URI and the PKCE
 * verifier, each code once) for an RS256 ID token signed with keys made here, and the key set (JWKS).
 * A test can tamper with the next token, answer the callback with an error, or stop answering.
 * Devices use the implicit flow instead (`response_type=id_token`, `implicitAuthorization` below).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CLIENT_ID = 'school-filter-dashboard.apps.example';
export const CLIENT_SECRET = 'stand-in-client-secret-0123456789';

export interface Account {
  email: string;
  hd?: string;
  email_verified?: boolean;
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function makeKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

export function signJwt(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part(header)}.${part(claims)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}

/**
 * The OpenID implicit flow (`response_type=id_token`), as devices use it (src/identity/proof-flow.ts): the
 * client and its redirect URI must be registered (else an error page, never a redirect, as Google does);
 * `prompt=none` signs in the `login_hint` account silently (the preset account without a hint) or answers
 * `error=login_required` in the fragment when `silentSignIn` is off; without `prompt=none` a person at the
 * keyboard signs in. The ID token carries the nonce; `next.claims` and `next.key` change it as for the code flow.
 */
function implicitAuthorization(
  q: URLSearchParams,
  state: Pick<StandInProvider, 'account' | 'keys' | 'next' | 'implicitClients' | 'silentSignIn' | 'authorizeError'>,
  issuer: string,
): { location: string } | { status: number; error: string } {
  const clientId = q.get('client_id') ?? '';
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!state.implicitClients[clientId]) return { status: 401, error: 'invalid_client' };
  if (!state.implicitClients[clientId].includes(redirectUri)) return { status: 400, error: 'redirect_uri_mismatch' };
  const nonce = q.get('nonce');
  const back = new URL(redirectUri);
  const fragment = new URLSearchParams();
  const hint = q.get('login_hint');
  if (!nonce || !(q.get('scope') ?? '').split(' ').includes('openid')) {
    fragment.set('error', 'invalid_request');
  } else if (state.authorizeError) {
    fragment.set('error', state.authorizeError);
  } else if (q.get('prompt') === 'none' && !state.silentSignIn) {
    fragment.set('error', 'login_required');
  } else {
    const account: Account = !hint || hint === state.account.email ? { ...state.account } : { email: hint, hd: hint.split('@')[1], email_verified: true };
    const now = Math.floor(Date.now() / 1000);
    const next = state.next;
    state.next = null;
    const key = next?.key ?? state.keys[0]!;
    const claims = { iss: issuer, aud: clientId, azp: clientId, sub: `sub-${account.email}`, iat: now, exp: now + 3600, nonce, ...account, ...next?.claims };
    fragment.set('id_token', signJwt({ alg: 'RS256', kid: key.kid, typ: 'JWT' }, claims, key.privateKey));
    fragment.set('authuser', '0');
  }
  back.hash = fragment.toString();
  return { location: back.toString() };
}

interface Grant {
  account: Account;
  clientId: string;
  redirectUri: string;
  nonce: string;
  challenge: string;
}

export interface StandInProvider {
  issuer: string;
  /** Who the authorization page signs in (a person at the keyboard choosing their account). */
  account: Account;
  /** Published in the JWKS; the first signs tokens unless `next.key` says otherwise. */
  keys: SigningKey[];
  /** Changes to the next ID token only: claims to add or replace, another signing key, a broken signature. */
  next: { claims?: Record<string, unknown>; key?: SigningKey; tamper?: boolean } | null;
  /** The authorization endpoint answers with this OAuth error instead of a code. */
  authorizeError: string | null;
  /** The token endpoint takes the request and never answers. */
  hangTokens: boolean;
  /** How many times each path was asked for. */
  hits: Record<string, number>;
  /** The implicit flow's registered clients (devices): client id -> redirect URIs. */
  implicitClients: Record<string, string[]>;
  /** Whether `prompt=none` finds a session at the issuer; false answers `login_required`, as for a signed-out browser. */
  silentSignIn: boolean;
  close(): Promise<void>;
}

/** `host`: the name in the issuer; `localhost` makes the provider another site than the endpoint on 127.0.0.1, as Google is. */
export async function startStandInProvider(options: { host?: '127.0.0.1' | 'localhost' } = {}): Promise<StandInProvider> {
  const grants = new Map<string, Grant>();
  const hanging: IncomingMessage[] = [];
  const state: Omit<StandInProvider, 'issuer' | 'close'> = {
    account: { email: 'it.lead@school.example', hd: 'school.example', email_verified: true },
    keys: [makeKey('stand-in-key-1')],
    next: null,
    authorizeError: null,
    hangTokens: false,
    hits: {},
    implicitClients: {},
    silentSignIn: true,
  };
  let issuer = '';

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    state.hits[url.pathname] = (state.hits[url.pathname] ?? 0) + 1;
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, { issuer, authorization_endpoint: `${issuer}/o/oauth2/v2/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/oauth2/v3/certs`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (url.pathname === '/oauth2/v3/certs') {
      return json(200, { keys: state.keys.map((key) => ({ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' })) });
    }
    if (url.pathname === '/o/oauth2/v2/auth' && url.searchParams.get('response_type') === 'id_token') {
      const answer = implicitAuthorization(url.searchParams, state, issuer);
      if ('status' in answer) return json(answer.status, { error: answer.error });
      response.writeHead(302, { location: answer.location });
      return response.end();
    }
    if (url.pathname === '/o/oauth2/v2/auth') {
      const q = url.searchParams;
      const back = new URL(q.get('redirect_uri') ?? '');
      if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') || !q.get('nonce') || !q.get('state')) {
        return json(400, { error: 'invalid_request' });
      }
      back.searchParams.set('state', q.get('state')!);
      if (state.authorizeError) {
        back.searchParams.set('error', state.authorizeError);
      } else {
        const code = randomBytes(16).toString('base64url');
        grants.set(code, { account: { ...state.account }, clientId: q.get('client_id')!, redirectUri: q.get('redirect_uri')!, nonce: q.get('nonce')!, challenge: q.get('code_challenge')! });
        back.searchParams.set('code', code);
      }
      response.writeHead(302, { location: back.toString() });
      return response.end();
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      if (state.hangTokens) {
        hanging.push(request);
        return;
      }
      let body = '';
      for await (const chunk of request) body += chunk;
      const form = new URLSearchParams(body);
      const grant = grants.get(form.get('code') ?? '');
      grants.delete(form.get('code') ?? '');
      const verifierHash = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
      if (form.get('grant_type') !== 'authorization_code' || !grant) return json(400, { error: 'invalid_grant' });
      if (form.get('client_id') !== grant.clientId || form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) return json(401, { error: 'invalid_client' });
      if (form.get('redirect_uri') !== grant.redirectUri || verifierHash !== grant.challenge) return json(400, { error: 'invalid_grant' });
      const now = Math.floor(Date.now() / 1000);
      const next = state.next;
      state.next = null;
      const key = next?.key ?? state.keys[0]!;
      const claims = { iss: issuer, aud: grant.clientId, azp: grant.clientId, sub: `sub-${grant.account.email}`, iat: now, exp: now + 3600, nonce: grant.nonce, ...grant.account, ...next?.claims };
      let idToken = signJwt({ alg: 'RS256', kid: key.kid, typ: 'JWT' }, claims, key.privateKey);
      if (next?.tamper) {
        // The same signature over different claims: a token someone edited after Google signed it.
        const [, , signature] = idToken.split('.');
        const edited = Buffer.from(JSON.stringify({ ...claims, email: 'dsl@school.example' })).toString('base64url');
        idToken = `${idToken.split('.')[0]}.${edited}.${signature}`;
      }
      return json(200, { access_token: 'stand-in-access-token', token_type: 'Bearer', expires_in: 3599, id_token: idToken, scope: 'openid email' });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    issuer,
    async close() {
      for (const request of hanging) request.socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/**
 * Issue 21's identity proof: an ID token as the provider would issue to a device's extension for `email`,
 * signed with its first published key (or `key`). `claims` adds or replaces any claim (`aud`, `exp`, `hd`...),
 * so a test can make each kind of bad proof; `tamper` edits the email after signing.
 */
export function mintIdToken(
  provider: Pick<StandInProvider, 'issuer' | 'keys'>,
  options: { email: string; aud: string; now: Date; expiresInSeconds?: number; claims?: Record<string, unknown>; key?: SigningKey; tamper?: string },
): string {
  const now = Math.floor(options.now.getTime() / 1000);
  const key = options.key ?? provider.keys[0]!;
  const domain = options.email.slice(options.email.lastIndexOf('@') + 1);
  const claims = { iss: provider.issuer, aud: options.aud, azp: options.aud, sub: `sub-${options.email}`, email: options.email, email_verified: true, hd: domain, iat: now, exp: now + (options.expiresInSeconds ?? 3600), ...options.claims };
  const token = signJwt({ alg: 'RS256', kid: key.kid, typ: 'JWT' }, claims, key.privateKey);
  if (options.tamper === undefined) return token;
  const [header, , signature] = token.split('.');
  return `${header}.${Buffer.from(JSON.stringify({ ...claims, email: options.tamper })).toString('base64url')}.${signature}`;
}
