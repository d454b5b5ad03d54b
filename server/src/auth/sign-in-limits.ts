/**
 * Limits on failed dashboard sign-ins, per account and per address (issue 16,
 * finding 8). Only failures count (and a success forgets nothing else); a
 * refused attempt is not checked against the password and not recorded, so it
 * costs no scrypt work and adds no row.
 *
 * - Per address: 10 failures in 15 minutes from one address (any usernames)
 *   refuse that address. A guesser on one address is stopped here, before
 *   they can lock anyone's account.
 * - Per account: 30 failures in 15 minutes, from any addresses, refuse that
 *   account: ten addresses get 30 guesses between them, not 50 each. Usernames
 *   not in the config share one account key: guessing them gains nothing, and
 *   the key space stays as small as the list of real users.
 *
 * The failures live in the database (store.signIns), not in a cache: a flood
 * of junk usernames or addresses cannot evict a live lockout (an LRU such as
 * @fastify/rate-limit's local store drops its oldest keys when full), and a
 * restart does not forget. A lockout lasts until enough of its failures are 15
 * minutes old; `npm run server -- unlock-sign-in` forgets them all at once.
 */
import type { DashboardUser } from '../config/schema';
import { retryAfterSeconds, windowDecision, type WindowLimit } from '../limits/window';
import type { SignInStore } from '../store/store';

const WINDOW_MS = 15 * 60_000;
export const SIGN_IN_LIMITS = {
  address: { max: 10, windowMs: WINDOW_MS },
  account: { max: 30, windowMs: WINDOW_MS },
} as const satisfies Record<string, WindowLimit>;

/** The one key every username not in the config shares. */
export const UNKNOWN_ACCOUNT = 'unknown-username';

export function accountKey(username: string, users: readonly DashboardUser[]): string {
  return users.some((user) => user.username === username) ? `user:${username}` : UNKNOWN_ACCOUNT;
}

export interface SignInRefusal {
  limited: 'account' | 'address';
  retryAfterSeconds: number;
}

/** Null when this attempt may go ahead; else which limit refuses it and for how long. */
export async function signInRefusal(store: SignInStore, account: string, address: string, now: Date): Promise<SignInRefusal | null> {
  return refusalOf(await store.failuresSince(account, address, new Date(now.getTime() - WINDOW_MS)), now);
}

function refusalOf(failures: { account: Date[]; address: Date[] }, now: Date): SignInRefusal | null {
  const byAddress = windowDecision(failures.address, now, SIGN_IN_LIMITS.address);
  if (!byAddress.allowed) return { limited: 'address', retryAfterSeconds: retryAfterSeconds(byAddress.retryAfterMs) };
  const byAccount = windowDecision(failures.account, now, SIGN_IN_LIMITS.account);
  if (!byAccount.allowed) return { limited: 'account', retryAfterSeconds: retryAfterSeconds(byAccount.retryAfterMs) };
  return null;
}

/**
 * Counts this attempt as a failure before its password is checked, so many
 * attempts sent at once all see each other (scrypt takes a while and runs off
 * the main thread); withdraw it if the password was right.
 */
export async function recordSignInAttempt(store: SignInStore, account: string, address: string, now: Date): Promise<{ withdraw(): Promise<void> }> {
  const id = await store.recordFailure({ account, address, at: now }, new Date(now.getTime() - WINDOW_MS));
  return { withdraw: () => store.withdrawFailure(id) };
}

/**
 * A password sign-in: refused by the limits, or counted as a failure before its password is checked, in one
 * step of the store (SignInStore.recordUnlessRefused), so guesses sent all at once are checked against each
 * other on either engine; withdraw it if the password was right.
 */
export async function checkAndRecordSignInAttempt(
  store: SignInStore,
  account: string,
  address: string,
  now: Date,
): Promise<{ refusal: SignInRefusal } | { withdraw(): Promise<void> }> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const outcome = await store.recordUnlessRefused({ account, address, at: now }, since, (failures) => refusalOf(failures, now));
  if ('refused' in outcome) return { refusal: outcome.refused };
  return { withdraw: () => store.withdrawFailure(outcome.id) };
}
