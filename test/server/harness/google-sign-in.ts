/**
 * An endpoint with Google sign-in pointed at the stand-in provider, and a sign-in driven as a browser
 * would: the start route, the provider's authorization page, the callback, each redirect followed by hand
 * so the test sees every cookie and address.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigFile } from '../../../server/src/config/schema';
import { SESSION_COOKIE } from '../../../server/src/dashboard-api/types';
import { CLIENT_ID, CLIENT_SECRET, type StandInProvider } from './oidc-provider';
import { startTestServer, type TestServer, type TestServerOptions } from './server';

export const ROLES = { 'it.lead@school.example': 'it-lead', 'dsl@school.example': 'dsl' } as const;

/** A free loopback port, so publicUrl (and so the redirect URI) can name the server before it starts. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export function googleSignInConfig(issuer: string, secretFile: string, extra: Record<string, unknown> = {}): NonNullable<ConfigFile['googleSignIn']> {
  return { clientId: CLIENT_ID, clientSecretFile: secretFile, domains: ['school.example'], roles: { ...ROLES }, issuer, ...extra };
}

export async function startGoogleServer(provider: StandInProvider, options: TestServerOptions & { google?: Record<string, unknown> } = {}): Promise<TestServer> {
  const secrets = mkdtempSync(join(tmpdir(), 'oidc-secret-'));
  const secretFile = join(secrets, 'client-secret');
  writeFileSync(secretFile, `${CLIENT_SECRET}\n`, { mode: 0o600 });
  const port = await freePort();
  const server = await startTestServer({
    ...options,
    config: { listen: { host: '127.0.0.1', port }, publicUrl: `http://127.0.0.1:${port}`, googleSignIn: googleSignInConfig(provider.issuer, secretFile, options.google), ...options.config },
  });
  const close = server.close;
  return Object.assign(server, {
    async close() {
      await close();
      rmSync(secrets, { recursive: true, force: true });
    },
  });
}

export interface GoogleSignInResult {
  /** Where the callback sent the browser. */
  landing: string;
  /** The session cookie (`name=value`), when one was set. */
  session: string | null;
  /** The callback's address and the flow cookie sent with it, for replays. */
  callback: { url: string; cookie: string };
}

function cookiePair(response: Response, name: string): string | null {
  for (const line of response.headers.getSetCookie()) {
    const match = new RegExp(`^${name}=([^;]*)`).exec(line);
    if (match && match[1]) return `${name}=${match[1]}`;
  }
  return null;
}

/** Start, authorize at the stand-in, call back; `then` is the dashboard hash to keep. */
export async function signInWithGoogle(server: TestServer, then = '', tamperCallback?: (url: URL) => void): Promise<GoogleSignInResult> {
  const start = await server.fetch(`/dashboard/api/oidc/start?then=${encodeURIComponent(then)}`, { redirect: 'manual' });
  const authorize = start.headers.get('location') ?? '';
  const flowCookie = cookiePair(start, 'school_filter_oidc') ?? '';
  if (start.status !== 302 || !authorize.startsWith('http')) return { landing: authorize, session: null, callback: { url: '', cookie: '' } };
  const approved = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(approved.headers.get('location') ?? '');
  tamperCallback?.(callback);
  const answer = await fetch(callback, { redirect: 'manual', headers: flowCookie ? { cookie: flowCookie } : {} });
  return { landing: answer.headers.get('location') ?? '', session: cookiePair(answer, SESSION_COOKIE), callback: { url: callback.toString(), cookie: flowCookie } };
}
