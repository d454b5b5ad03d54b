import type { SignInFailure, SignInStore } from '../store';
import type { PgDb } from './db';

/** Every check-and-record takes turns under this lock (SQLite's IMMEDIATE): sign-ins are few, and each turn is two index reads and an insert. */
const SIGN_IN_LOCK = 'sign-in failures';

async function failuresSince(db: PgDb, account: string, address: string, since: Date): Promise<{ account: Date[]; address: Date[] }> {
  const after = since.toISOString();
  const times = (rows: { at: string }[]) => rows.map((row) => new Date(row.at));
  const byAccount = await db.all<{ at: string }>('SELECT at FROM sign_in_failures WHERE account = @account AND at > @after ORDER BY at', { account, after });
  const byAddress = await db.all<{ at: string }>('SELECT at FROM sign_in_failures WHERE address = @address AND at > @after ORDER BY at', { address, after });
  return { account: times(byAccount), address: times(byAddress) };
}

async function record(tx: PgDb, { account, address, at }: SignInFailure, forgetBefore: Date): Promise<number> {
  await tx.run('DELETE FROM sign_in_failures WHERE at < @forgetBefore', { forgetBefore: forgetBefore.toISOString() });
  const row = await tx.one<{ id: number }>('INSERT INTO sign_in_failures (at, account, address) VALUES (@at, @account, @address) RETURNING id', { at: at.toISOString(), account, address });
  return row!.id;
}

export function postgresSignInStore(db: PgDb): SignInStore {
  return {
    async recordUnlessRefused(failure, since, refuse) {
      return db.transaction(async (tx) => {
        const refused = refuse(await failuresSince(tx, failure.account, failure.address, since));
        return refused !== null ? { refused } : { id: await record(tx, failure, since) };
      }, SIGN_IN_LOCK);
    },
    async recordFailure(failure, forgetBefore) {
      return db.transaction((tx) => record(tx, failure, forgetBefore), SIGN_IN_LOCK);
    },
    async withdrawFailure(id) {
      await db.run('DELETE FROM sign_in_failures WHERE id = @id', { id });
    },
    async failuresSince(account, address, since) {
      return failuresSince(db, account, address, since);
    },
    async clear() {
      return db.run('DELETE FROM sign_in_failures');
    },
  };
}
