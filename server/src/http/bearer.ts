/**
 * Bearer-token checks for the device API, run in `onRequest`: an unknown
 * caller is refused before its body is read, let alone decompressed.
 */
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { mayDo, type Caller, type Permission, type TokenRegistry } from '../auth/tokens';
import { HttpError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer +([\x21-\x7e]+) *$/i.exec(header) : null;
  return match?.[1] ?? null;
}

export function requirePermission(tokens: TokenRegistry, permission: Permission): onRequestHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const presented = bearerOf(request);
    const caller = presented === null ? null : tokens.identify(presented);
    if (!caller) {
      reply.header('WWW-Authenticate', 'Bearer realm="school-endpoint"');
      throw new HttpError(401, presented === null ? 'a Bearer token is required' : 'unknown token');
    }
    if (!mayDo(caller, permission)) throw new HttpError(403, `a ${caller.scope} token may not ${permission.replace(':', ' ')}`);
    request.caller = caller;
  };
}

/** The caller set by `requirePermission`; a route without that hook is a programming error. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error('route has no requirePermission hook');
  return request.caller;
}
