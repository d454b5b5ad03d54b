/**
 * Rotating a token label (pure planning; auth/rotate.ts applies it): a new token with the label's scope, and
 * every token of the label still accepted retires after the grace period, so devices keep working while the
 * IT admin pastes the new policy. A grace of 0 retires them at once (a leaked token). "Retire now" brings
 * forward the retirement of a label's tokens that are still in their grace period.
 */
import { randomBytes } from 'node:crypto';
import type { IssuedToken, TokenRetirement, TokenTrailEntry } from '../store/store';
import { isAccepted, type KnownToken } from './token-book';
import { sha256Hex } from './tokens';

export const DEFAULT_GRACE_DAYS = 7;
export const MAX_GRACE_DAYS = 90;
const DAY_MS = 24 * 60 * 60_000;

export interface TokenChange {
  issue: IssuedToken | null;
  retire: TokenRetirement[];
  trail: TokenTrailEntry;
}

/** 32 random bytes, URL-safe: it goes into JSON in the Admin console unescaped. */
export function newTokenValue(): string {
  return randomBytes(32).toString('base64url');
}

export function graceDaysProblem(graceDays: number): string | null {
  if (!Number.isInteger(graceDays) || graceDays < 0 || graceDays > MAX_GRACE_DAYS) return `the grace period is a whole number of days from 0 (retire at once) to ${MAX_GRACE_DAYS}`;
  return null;
}

function labelTokens(known: readonly KnownToken[], label: string): KnownToken[] | string {
  const tokens = known.filter((token) => token.label === label);
  if (tokens.length === 0) return `no token is labelled "${label}" (labels: ${[...new Set(known.map((token) => token.label))].map((name) => `"${name}"`).join(', ')})`;
  return tokens;
}

function shortDigest(digest: string): string {
  return `sha256 ${digest.slice(0, 12)}…`;
}

export function planRotation(known: readonly KnownToken[], label: string, graceDays: number, newToken: string, actor: string, now: Date): TokenChange | string {
  const problem = graceDaysProblem(graceDays);
  if (problem) return problem;
  const tokens = labelTokens(known, label);
  if (typeof tokens === 'string') return tokens;
  const retiresAt = new Date(now.getTime() + graceDays * DAY_MS);
  const retire = tokens
    .filter((token) => isAccepted(token, now))
    // A token already retiring sooner keeps its earlier date.
    .map((token) => ({ digest: token.digest, label, retiresAt: token.retiresAt && token.retiresAt < retiresAt ? token.retiresAt : retiresAt, decidedAt: now, decidedBy: actor }));
  const digest = sha256Hex(newToken);
  const old = retire.map((token) => shortDigest(token.digest)).join(', ') || 'none still accepted';
  return {
    issue: { digest, label, scope: tokens[0]!.scope, school: tokens[0]!.school, issuedAt: now, issuedBy: actor },
    retire,
    trail: {
      at: now,
      actor,
      label,
      action: 'rotated',
      detail: `new token ${shortDigest(digest)}; old token(s) ${old} ${graceDays === 0 ? 'retired at once' : `retire ${retiresAt.toISOString()} (${graceDays} day${graceDays === 1 ? '' : 's'} grace)`}`,
    },
  };
}

export function planRetireNow(known: readonly KnownToken[], label: string, actor: string, now: Date): TokenChange | string {
  const tokens = labelTokens(known, label);
  if (typeof tokens === 'string') return tokens;
  const waiting = tokens.filter((token) => token.retiresAt !== null && token.retiresAt > now);
  if (waiting.length === 0) return `no token labelled "${label}" is waiting to retire: rotate it first (retiring its only token would leave its devices with none)`;
  return {
    issue: null,
    retire: waiting.map((token) => ({ digest: token.digest, label, retiresAt: now, decidedAt: now, decidedBy: actor })),
    trail: { at: now, actor, label, action: 'retired-now', detail: `retired at once: ${waiting.map((token) => shortDigest(token.digest)).join(', ')}` },
  };
}
