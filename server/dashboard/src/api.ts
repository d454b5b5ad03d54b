/**
 * The dashboard's calls to its own API: same origin, the session cookie sent
 * by the browser, and the CSRF header on every change. A 401 means the
 * session ended: back to sign-in.
 */
import { CSRF_HEADER, CSRF_VALUE, DASHBOARD_API } from '../../src/dashboard-api/types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export const LOGIN_PAGE = '/dashboard/login';

export function apiUrl(path: string, query?: Record<string, string>): string {
  const search = query ? new URLSearchParams(Object.entries(query).filter(([, value]) => value !== '')).toString() : '';
  return `${DASHBOARD_API}${path}${search ? `?${search}` : ''}`;
}

async function call<T>(url: string, init: RequestInit): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin', ...init });
  if (response.status === 401 && !url.endsWith('/login')) {
    // The hash is where the reader was going (an alert email's link, `#safeguarding-alert/<id>`): sign-in takes them on to it.
    window.location.assign(LOGIN_PAGE + window.location.hash);
    throw new ApiError(401, 'signed out');
  }
  const body = (await response.json().catch(() => ({}))) as { error?: string; issues?: { path: string; message: string }[] };
  if (!response.ok) throw new ApiError(response.status, body.error ?? `HTTP ${response.status}`, body.issues);
  return body as T;
}

export function getJson<T>(path: string, query?: Record<string, string>): Promise<T> {
  return call<T>(apiUrl(path, query), { method: 'GET' });
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return call<T>(apiUrl(path), { method: 'POST', headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_VALUE }, body: JSON.stringify(body) });
}

export function postText<T>(path: string, body: string, contentType: string): Promise<T> {
  return call<T>(apiUrl(path), { method: 'POST', headers: { 'content-type': contentType, [CSRF_HEADER]: CSRF_VALUE }, body });
}
