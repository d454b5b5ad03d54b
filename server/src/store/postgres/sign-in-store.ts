import type { SignInStore } from '../store';
import type { PgDb } from './db';

export function postgresSignInStore(db: PgDb): SignInStore {
  const times = (rows: { at: string }[]) => rows.map((row) => new Date(row.at));
  return {
    async recordFailure({ account, address, at }, forgetBefore) {
      return db.transaction(async (tx) => {
        await tx.run('DELETE FROM sign_in_failures WHERE at < @forgetBefore', { forgetBefore: forgetBefore.toISOString() });
        const row = await tx.one<{ id: number }>('INSERT INTO sign_in_failures (at, account, address) VALUES (@at, @account, @address) RETURNING id', { at: at.toISOString(), account, address });
        return row!.id;
      });
    },
    async withdrawFailure(id) {
      await db.run('DELETE FROM sign_in_failures WHERE id = @id', { id });
    },
    async failuresSince(account, address, since) {
      const after = since.toISOString();
      const [byAccount, byAddress] = await Promise.all([
        db.all<{ at: string }>('SELECT at FROM sign_in_failures WHERE account = @account AND at > @after ORDER BY at', { account, after }),
        db.all<{ at: string }>('SELECT at FROM sign_in_failures WHERE address = @address AND at > @after ORDER BY at', { address, after }),
      ]);
      return { account: times(byAccount), address: times(byAddress) };
    },
    async clear() {
      return db.run('DELETE FROM sign_in_failures');
    },
  };
}
