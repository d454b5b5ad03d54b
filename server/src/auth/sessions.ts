/**
 * Dashboard sessions: a random cookie value, only its sha256 stored (a copy
 * of the database signs nobody in). The cookie is HttpOnly (no script reads
 * it), SameSite=Strict (no other site's page can send it: with the custom
 * header on writes, the CSRF defence) and Secure unless the dashboard is
 * reached on loopback, where browsers allow plain http.
 */
import type {} from '@fastify/cookie';
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardUser } from '../config/schema';
import { SESSION_COOKIE } from '../dashboard-api/types';
import type { Session, Store } from '../store/store';
import { sha256Hex } from './tokens';

/** A school day and then some: staff sign in again each morning. */
export const SESSION_HOURS = 10;
const COOKIE_PATH = '/dashboard';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/:\d+$/, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The same session whichever way the user proved who they are (a password, or Google). */
export async function startSession(store: Store, user: Pick<DashboardUser, 'username' | 'role'>, request: FastifyRequest, reply: FastifyReply, now: Date): Promise<Session> {
  const value = randomBytes(32).toString('base64url');
  const session: Session = { username: user.username, role: user.role, expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000) };
  await store.sessions.create(sha256Hex(value), session, now);
  reply.setCookie(SESSION_COOKIE, value, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: !isLoopbackHost(request.hostname),
    expires: session.expiresAt,
  });
  return session;
}

export async function sessionOf(store: Store, request: FastifyRequest, now: Date): Promise<Session | null> {
  const value = request.cookies[SESSION_COOKIE];
  if (!value || value.length > 100) return null;
  return store.sessions.find(sha256Hex(value), now);
}

export async function endSession(store: Store, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const value = request.cookies[SESSION_COOKIE];
  if (value) await store.sessions.delete(sha256Hex(value));
  reply.clearCookie(SESSION_COOKIE, { path: COOKIE_PATH });
}
