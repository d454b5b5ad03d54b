/**
 * Dashboard sign-in and its guards: hashed passwords, the session cookie's
 * flags, server-side sessions that end, the CSRF header, throttling, and the
 * page itself with its CSP.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_VALUE, DASHBOARD_API, SESSION_COOKIE } from '../../server/src/dashboard-api/types';
import { CONTENT_SECURITY_POLICY } from '../../server/src/http/security-headers';
import { signIn } from './harness/dashboard';
import { DSL, IT_LEAD, startTestServer, type TestServer } from './harness/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

function login(body: unknown, headers: Record<string, string> = { [CSRF_HEADER]: CSRF_VALUE }) {
  return server.fetch(`${DASHBOARD_API}/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('sign-in', () => {
  it('refuses a wrong password and an unknown user alike, setting no cookie and storing no session', async () => {
    const wrong = await login({ username: IT_LEAD.username, password: 'wrong password' });
    const unknown = await login({ username: 'nobody', password: IT_LEAD.password });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'wrong username or password' });
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    expect((await server.counts()).sessions).toBe(0);
  });

  it('signs in with the right password: an HttpOnly, SameSite=Strict cookie, not Secure on loopback', async () => {
    const response = await login(IT_LEAD);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ username: IT_LEAD.username, role: 'it-lead' });
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{40,};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/dashboard');
    expect(cookie).not.toContain('Secure');
  });

  it('sets Secure when the dashboard is reached by a name that is not loopback', async () => {
    const setCookie = await new Promise<string>((resolve, reject) => {
      const body = JSON.stringify(DSL);
      const request = httpRequest(
        `${server.url}${DASHBOARD_API}/login`,
        { method: 'POST', headers: { host: 'filter.school.example', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), [CSRF_HEADER]: CSRF_VALUE } },
        (response) => {
          response.resume();
          resolve(String(response.headers['set-cookie'] ?? ''));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    expect(setCookie).toContain('Secure');
    expect(setCookie).toContain('HttpOnly');
  });

  it('refuses a sign-in without the CSRF header (another site could sign a browser in as someone else)', async () => {
    expect((await login(IT_LEAD, {})).status).toBe(403);
  });

  it('stops guessing after ten wrong passwords from one address, even the right one (sign-in-limits.test.ts has the rest)', async () => {
    // Forget this file's earlier failures from the same address.
    server.clock.advanceMinutes(16);
    const target = { username: DSL.username, password: 'guess' };
    for (let i = 0; i < 10; i++) expect((await login(target)).status).toBe(401);
    expect((await login(DSL)).status).toBe(429);
    server.clock.advanceMinutes(16);
    expect((await login(DSL)).status).toBe(200);
  });
});

describe('the session', () => {
  it('is required for every dashboard API route', async () => {
    for (const path of ['/me', '/reports', '/alerts', '/events', '/events.csv', '/overrides', '/devices', '/rosters', '/subject-access?user=a@b.example']) {
      const response = await server.fetch(`${DASHBOARD_API}${path}`);
      expect(response.status, path).toBe(401);
      const forged = await server.fetch(`${DASHBOARD_API}${path}`, { headers: { cookie: `${SESSION_COOKIE}=forged-session-value` } });
      expect(forged.status, path).toBe(401);
    }
  });

  it('names who is signed in', async () => {
    const client = await signIn(server, DSL);
    expect(await (await client.get('/me')).json()).toEqual({ username: DSL.username, role: 'dsl' });
  });

  it('refuses changes without the CSRF header, or from another origin', async () => {
    const client = await signIn(server, IT_LEAD);
    const noHeader = await server.fetch(`${DASHBOARD_API}/rosters`, { method: 'POST', headers: { cookie: client.cookie, 'content-type': 'text/csv' }, body: '7A,a@school.example' });
    expect(noHeader.status).toBe(403);
    const foreign = await server.fetch(`${DASHBOARD_API}/rosters`, {
      method: 'POST',
      headers: { cookie: client.cookie, 'content-type': 'text/csv', [CSRF_HEADER]: CSRF_VALUE, origin: 'https://evil.example' },
      body: '7A,a@school.example',
    });
    expect(foreign.status).toBe(403);
    expect((await server.counts()).roster).toBe(0);
  });

  it('ends on sign-out: the same cookie no longer works', async () => {
    const client = await signIn(server, IT_LEAD);
    expect((await client.post('/logout', {})).status).toBe(200);
    expect((await client.get('/me')).status).toBe(401);
  });

  it('expires after a school day', async () => {
    const client = await signIn(server, IT_LEAD);
    server.clock.advanceMinutes(11 * 60);
    expect((await client.get('/me')).status).toBe(401);
  });
});

describe('the dashboard page', () => {
  it('is served at /dashboard/ and /dashboard/login with a strict CSP, and its script loads', async () => {
    for (const path of ['/dashboard/', '/dashboard/login']) {
      const response = await server.fetch(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'");
      const html = await response.text();
      const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];
      expect(script).toMatch(/^\/dashboard\/assets\//);
      // No inline script at all: the CSP would refuse it.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const asset = await server.fetch(script!);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toContain('javascript');
    }
    expect((await server.fetch('/dashboard', { redirect: 'manual' })).headers.get('location')).toBe('/dashboard/');
  });
});
