import type { Database } from 'better-sqlite3';
import type { SignInStore } from '../store';

export function sqliteSignInStore(db: Database): SignInStore {
  const insert = db.prepare('INSERT INTO sign_in_failures (at, account, address) VALUES (?, ?, ?)');
  const forget = db.prepare('DELETE FROM sign_in_failures WHERE at < ?');
  const byAccount = db.prepare('SELECT at FROM sign_in_failures WHERE account = ? AND at > ? ORDER BY at').pluck();
  const byAddress = db.prepare('SELECT at FROM sign_in_failures WHERE address = ? AND at > ? ORDER BY at').pluck();
  const record = db.transaction((account: string, address: string, at: string, forgetBefore: string) => {
    forget.run(forgetBefore);
    return Number(insert.run(at, account, address).lastInsertRowid);
  });
  return {
    async recordFailure({ account, address, at }, forgetBefore) {
      return record.immediate(account, address, at.toISOString(), forgetBefore.toISOString());
    },
    async withdrawFailure(id) {
      db.prepare('DELETE FROM sign_in_failures WHERE rowid = ?').run(id);
    },
    async failuresSince(account, address, since) {
      const after = since.toISOString();
      const dates = (rows: unknown[]) => (rows as string[]).map((at) => new Date(at));
      return { account: dates(byAccount.all(account, after)), address: dates(byAddress.all(address, after)) };
    },
    async clear() {
      return db.prepare('DELETE FROM sign_in_failures').run().changes;
    },
  };
}
