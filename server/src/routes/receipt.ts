import type { FastifyRequest } from 'fastify';
import { callerOf } from '../http/bearer';
import type { Receipt } from '../store/store';

/** Who sent this request, from where, and when it arrived. */
export function receiptOf(request: FastifyRequest, now: Date): Receipt {
  const caller = callerOf(request);
  return { receivedAt: now, clientIp: request.ip, tokenLabel: caller.label, tokenScope: caller.scope, school: caller.school };
}
