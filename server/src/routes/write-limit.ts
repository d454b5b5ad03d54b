import type { FastifyRequest } from 'fastify';
import type { Verification } from '../../../src/shared/identity-proof';
import { sameAccount } from '../auth/identity-proof/binding';
import type { WriteKind } from '../config/write-limits';
import type { AppContext } from '../context';
import { callerOf } from '../http/bearer';
import { writeLimitError } from '../limits/write-limit-words';
import { accountWeights, writeRefusal } from '../limits/write-limits';

/**
 * Charges a write to the caller's token and to the accounts it names (one entry per thing written: an event's
 * user per event), and refuses it with a 429 over either limit. The accounts come from `countedAccounts`.
 */
export async function enforceWriteLimit(context: AppContext, request: FastifyRequest, kind: WriteKind, accounts: readonly string[], tokenWeight = 1): Promise<void> {
  const refusal = await writeRefusal(context.store.writeWindows, context.config.writeLimits, kind, { tokenLabel: callerOf(request).label, accounts: accountWeights(accounts), tokenWeight }, context.now());
  if (refusal) {
    request.log.warn({ kind, limited: refusal.limited, token: callerOf(request).label }, 'write limit reached');
    throw writeLimitError(refusal);
  }
}

/**
 * The account keys a write is counted under: a write proven by an identity proof apart from one that only
 * names its account. Any holder of the OU's token can name any pupil, so if both counted alike a pupil could
 * flood in a classmate's name and hold that classmate's own (proven) uploads back for a window; this way the
 * flood fills only the claimed count. An empty account (nobody signed in) stays empty: it counts for no one.
 */
export function countedAccounts(accounts: readonly string[], proven: string | null): string[] {
  return accounts.map((account) => {
    if (account.trim() === '') return '';
    return proven !== null && sameAccount(account, proven) ? `verified:${account}` : `claimed:${account}`;
  });
}

/** The account a proof proves, if it is valid. */
export function provenAccount(proof: Verification | null): string | null {
  return proof?.verified ? proof.account : null;
}
