/** Signing in to the dashboard API as a browser would: the session cookie and the CSRF header. */
import { CSRF_HEADER, CSRF_VALUE, DASHBOARD_API, SESSION_COOKIE } from '../../../server/src/dashboard-api/types';
import type { TestServer } from './server';

export interface DashboardClient {
  cookie: string;
  get(path: string): Promise<Response>;
  post(path: string, body: unknown, contentType?: string): Promise<Response>;
}

export async function signIn(server: TestServer, user: { username: string; password: string }): Promise<DashboardClient> {
  const response = await server.fetch(`${DASHBOARD_API}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_VALUE },
    body: JSON.stringify(user),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const match = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(setCookie);
  if (!match) throw new Error(`no session cookie in ${setCookie}`);
  const cookie = `${SESSION_COOKIE}=${match[1]}`;
  return {
    cookie,
    get: (path) => server.fetch(`${DASHBOARD_API}${path}`, { headers: { cookie } }),
    post: (path, body, contentType = 'application/json') =>
      server.fetch(`${DASHBOARD_API}${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': contentType, [CSRF_HEADER]: CSRF_VALUE },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}
