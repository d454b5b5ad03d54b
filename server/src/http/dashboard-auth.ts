/**
 * Guards for the dashboard API: a live session cookie for everything, and on
 * every request that changes something the custom header (which a form or
 * image on another site cannot send) plus, when the browser names one, an
 * Origin that is this server.
 */
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { roleStillGranted } from '../auth/granted-role';
import { endSession, sessionOf } from '../auth/sessions';
import type { AppContext } from '../context';
import { CSRF_HEADER, CSRF_VALUE } from '../dashboard-api/types';
import type { Session } from '../store/store';
import { HttpError } from './errors';
import { canSee, staffScopeOf, type StaffScope } from '../schools/scope';

declare module 'fastify' {
  interface FastifyRequest {
    staff?: Session;
    /** The signed-in account's school, or the whole trust, as the config says now (schools/scope.ts). */
    staffScope?: StaffScope;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF check alone: used by sign-in too, so no other site can sign a browser in as someone else. */
export function checkCsrf(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.headers[CSRF_HEADER] !== CSRF_VALUE) throw new HttpError(403, `dashboard requests that change data need the ${CSRF_HEADER} header`);
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== request.host) throw new HttpError(403, 'cross-origin dashboard request refused');
  }
}

export function requireStaff(context: AppContext): onRequestHookHandler {
  return async (request, reply) => {
    const session = await sessionOf(context.store, request, context.now());
    if (!session) throw new HttpError(401, 'sign in to the dashboard');
    const scope = staffScopeOf(context.config, session.username);
    if (!roleStillGranted(context.config, session) || scope === null) {
      // Ended, not just refused: the account's access was withdrawn, so the session must not come back if the config does.
      await endSession(context.store, request, reply);
      request.log.info({ username: session.username, role: session.role }, 'dashboard session ended: the account no longer has that role in the config');
      throw new HttpError(401, 'your dashboard access has changed: sign in again');
    }
    checkCsrf(request);
    request.staff = session;
    request.staffScope = scope;
  };
}

export function scopeOf(request: FastifyRequest): StaffScope {
  if (!request.staffScope) throw new Error('route has no requireStaff hook');
  return request.staffScope;
}

/** The record as asked, or 404 when it is missing or another school's: a school user is not told it exists. */
export function visibleOr404<T extends { school: string }>(request: FastifyRequest, record: T | null, what: string): T {
  if (!record || !canSee(scopeOf(request), record.school)) throw new HttpError(404, `no ${what} with that id`);
  return record;
}

export function staffOf(request: FastifyRequest): Session {
  if (!request.staff) throw new Error('route has no requireStaff hook');
  return request.staff;
}
