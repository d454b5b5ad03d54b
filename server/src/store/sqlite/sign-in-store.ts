import type { Database } from 'better-sqlite3';
import type { SignInFailure, SignInStore } from '../store';

export function sqliteSignInStore(db: Database): SignInStore {
  const insert = db.prepare('INSERT INTO sign_in_failures (at, account, address) VALUES (?, ?, ?)');
  const forget = db.prepare('DELETE FROM sign_in_failures WHERE at < ?');
  const byAccount = db.prepare('SELECT at FROM sign_in_failures WHERE account = ? AND at > ? ORDER BY at').pluck();
  const byAddress = db.prepare('SELECT at FROM sign_in_failures WHERE address = ? AND at > ? ORDER BY at').pluck();
  const record = db.transaction((account: string, address: string, at: string, forgetBefore: string) => {
    forget.run(forgetBefore);
    return Number(insert.run(at, account, address).lastInsertRowid);
  });
  const failuresSince = (account: string, address: string, after: string) => {
    const dates = (rows: unknown[]) => (rows as string[]).map((at) => new Date(at));
    return { account: dates(byAccount.all(account, after)), address: dates(byAddress.all(address, after)) };
  };
  // The decision is made by the caller's function inside the transaction; its result goes out untyped and comes back typed below.
  const recordUnlessRefused = db.transaction((failure: SignInFailure, since: string, refuse: (failures: { account: Date[]; address: Date[] }) => unknown): { refused: unknown } | { id: number } => {
    const refused = refuse(failuresSince(failure.account, failure.address, since));
    if (refused !== null) return { refused };
    forget.run(since);
    return { id: Number(insert.run(failure.at.toISOString(), failure.account, failure.address).lastInsertRowid) };
  });
  return {
    async recordUnlessRefused<R>(failure: SignInFailure, since: Date, refuse: (failures: { account: Date[]; address: Date[] }) => R | null) {
      return recordUnlessRefused.immediate(failure, since.toISOString(), refuse) as { refused: R } | { id: number };
    },
    async recordFailure({ account, address, at }, forgetBefore) {
      return record.immediate(account, address, at.toISOString(), forgetBefore.toISOString());
    },
    async withdrawFailure(id) {
      db.prepare('DELETE FROM sign_in_failures WHERE rowid = ?').run(id);
    },
    async failuresSince(account, address, since) {
      return failuresSince(account, address, since.toISOString());
    },
    async clear() {
      return db.prepare('DELETE FROM sign_in_failures').run().changes;
    },
  };
}
