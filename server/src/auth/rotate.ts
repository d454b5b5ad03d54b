/** Rotation and "retire now" applied: planned against the tokens as the database holds them now, then stored in one transaction. Shared by the dashboard and the CLI. */
import type { TokenScope } from '../config/schema';
import type { TokenStore } from '../store/store';
import type { TokenBook } from './token-book';
import { newTokenValue, planRetireNow, planRotation } from './token-rotation';

export class RotationRefused extends Error {}

export interface Rotated {
  label: string;
  scope: TokenScope;
  /** Shown once: only its sha256 is stored. */
  token: string;
  oldRetireAt: Date | null;
}

export async function rotateToken(book: TokenBook, store: TokenStore, label: string, graceDays: number, actor: string, now: Date): Promise<Rotated> {
  book.forget();
  const token = newTokenValue();
  const change = planRotation(await book.known(), label, graceDays, token, actor, now);
  if (typeof change === 'string') throw new RotationRefused(change);
  await store.change(change);
  book.forget();
  return { label, scope: change.issue!.scope, token, oldRetireAt: change.retire[0]?.retiresAt ?? null };
}

export async function retireNow(book: TokenBook, store: TokenStore, label: string, actor: string, now: Date): Promise<number> {
  book.forget();
  const change = planRetireNow(await book.known(), label, actor, now);
  if (typeof change === 'string') throw new RotationRefused(change);
  await store.change(change);
  book.forget();
  return change.retire.length;
}
