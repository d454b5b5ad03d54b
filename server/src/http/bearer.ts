/**
 * Bearer-token checks for the device API, run in `onRequest`: an unknown
 * caller is refused before its body is read, let alone decompressed.
 */
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { TokenBook } from '../auth/token-book';
import { mayDo, type Caller, type Permission } from '../auth/tokens';
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

/** A retired token's 401: the device keeps working only once its policy carries the label's new token. */
export function retiredTokenMessage(label: string, at: Date): string {
  return `this token was retired at ${at.toISOString()} (token "${label}", replaced by a rotation): the devices' policy needs the new "${label}" token from the IT Lead`;
}

export function requirePermission(tokens: TokenBook, permission: Permission): onRequestHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const presented = bearerOf(request);
    const identified = presented === null ? null : await tokens.identify(presented);
    if (!identified || 'retired' in identified) {
      reply.header('WWW-Authenticate', 'Bearer realm="school-endpoint"');
      if (identified) {
        request.log.warn({ token: identified.retired.label }, 'retired token refused');
        throw new HttpError(401, retiredTokenMessage(identified.retired.label, identified.retired.at));
      }
      throw new HttpError(401, presented === null ? 'a Bearer token is required' : 'unknown token');
    }
    const caller = identified.caller;
    if (!mayDo(caller, permission)) throw new HttpError(403, `a ${caller.scope} token may not ${permission.replace(':', ' ')}`);
    request.caller = caller;
  };
}

/** The caller set by `requirePermission`; a route without that hook is a programming error. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error('route has no requirePermission hook');
  return request.caller;
}
