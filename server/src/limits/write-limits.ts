/**
 * Write limits per token and per account (issue 21): a fixed window per key, counted in the database with one
 * upsert per key and request (store.writeWindows), so every endpoint process sharing the database counts
 * together and a restart forgets nothing. A fixed window, not a sliding one: one row per key whatever the
 * traffic, where a sliding count would read every write of a whole OU's five minutes on each request.
 *
 * Refused attempts count too: a device hammering a limit stays limited until its window ends, and a request
 * is charged before it is stored, so two processes cannot both let the last one through.
 *
 * The account is whatever the caller passes: today the account the record names (a claim), later the verified
 * account from the identity proof. The caller decides; this module only counts.
 */
import type { WindowHit, WriteWindowStore } from '../store/store';
import type { WriteKind, WriteLimit, WriteLimiter, WriteLimits } from '../config/write-limits';

export interface WriteRefusal {
  kind: WriteKind;
  limited: WriteLimiter;
  limit: WriteLimit;
  /** When the window that refused ends: one more is allowed from then. */
  retryAt: Date;
  retryAfterSeconds: number;
}

/** The fixed window `now` falls in, aligned to the epoch so every process agrees on it. */
export function windowStartOf(now: Date, windowMinutes: number): Date {
  const windowMs = windowMinutes * 60_000;
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/** A JSON array, so no label or address can be made to collide with another key. */
export function windowKey(kind: WriteKind, limited: WriteLimiter, who: string): string {
  return JSON.stringify([kind, limited, who]);
}

interface Counted {
  limited: WriteLimiter;
  hit: WindowHit;
}

/** Accounts are compared without case (as the records' columns are); an empty account (nobody signed in) counts for no one. */
export function accountWeights(accounts: Iterable<string>): Map<string, number> {
  const weights = new Map<string, number>();
  for (const account of accounts) {
    const key = account.trim().toLowerCase();
    if (key !== '') weights.set(key, (weights.get(key) ?? 0) + 1);
  }
  return weights;
}

/**
 * Charges one write to its token and to each account it names (weights: how many things each account wrote,
 * e.g. events in a batch), and says which limit refuses it, if any: the token's first, then the account with
 * the longest wait.
 */
export async function writeRefusal(
  windows: WriteWindowStore,
  limits: WriteLimits,
  kind: WriteKind,
  write: { tokenLabel: string; accounts: ReadonlyMap<string, number>; tokenWeight: number },
  now: Date,
): Promise<WriteRefusal | null> {
  const counted: Counted[] = [
    { limited: 'token', hit: { key: windowKey(kind, 'token', write.tokenLabel), windowStart: windowStartOf(now, limits[kind].token.windowMinutes), weight: write.tokenWeight } },
  ];
  for (const [account, weight] of write.accounts) {
    counted.push({ limited: 'account', hit: { key: windowKey(kind, 'account', account), windowStart: windowStartOf(now, limits[kind].account.windowMinutes), weight } });
  }
  const counts = await windows.count(counted.map((entry) => entry.hit));
  let refusal: WriteRefusal | null = null;
  counted.forEach(({ limited, hit }, index) => {
    const limit = limits[kind][limited];
    if (counts[index]! <= limit.max) return;
    const retryAt = new Date(hit.windowStart.getTime() + limit.windowMinutes * 60_000);
    if (refusal && (refusal.limited === 'token' || refusal.retryAt >= retryAt)) return;
    refusal = { kind, limited, limit, retryAt, retryAfterSeconds: Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)) };
  });
  return refusal;
}
