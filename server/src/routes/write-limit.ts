import type { FastifyRequest } from 'fastify';
import type { WriteKind } from '../config/write-limits';
import type { AppContext } from '../context';
import { callerOf } from '../http/bearer';
import { writeLimitError } from '../limits/write-limit-words';
import { accountWeights, writeRefusal } from '../limits/write-limits';

/**
 * Charges a write to the caller's token and to the accounts it names (one entry per thing written: an event's
 * user per event), and refuses it with a 429 over either limit. The accounts are the caller's to choose: the
 * ones the record names today, the verified account once identity proofs are checked.
 */
export async function enforceWriteLimit(context: AppContext, request: FastifyRequest, kind: WriteKind, accounts: readonly string[], tokenWeight = 1): Promise<void> {
  const refusal = await writeRefusal(context.store.writeWindows, context.config.writeLimits, kind, { tokenLabel: callerOf(request).label, accounts: accountWeights(accounts), tokenWeight }, context.now());
  if (refusal) {
    request.log.warn({ kind, limited: refusal.limited, token: callerOf(request).label }, 'write limit reached');
    throw writeLimitError(refusal);
  }
}
