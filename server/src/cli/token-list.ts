/** The `tokens` command's listing (pure): each label's tokens with where they come from and when they stop, then the trail. */
import { isAccepted, type KnownToken } from '../auth/token-book';
import type { TokenTrailEntry } from '../store/store';

function state(token: KnownToken, now: Date): string {
  if (token.retiresAt === null) return 'in use';
  return isAccepted(token, now) ? `retiring ${token.retiresAt.toISOString()}` : `retired ${token.retiresAt.toISOString()}`;
}

export function tokenListLines(known: readonly KnownToken[], trail: readonly TokenTrailEntry[], now: Date): string[] {
  const lines = known.map((token) => {
    const origin = token.source === 'config' ? 'config file' : `issued ${token.issuedAt!.toISOString()} by ${token.issuedBy}`;
    return `${token.label} (${token.scope})  sha256 ${token.digest.slice(0, 12)}…  ${origin}  ${state(token, now)}`;
  });
  if (trail.length > 0) lines.push('', 'Rotations, newest first:', ...trail.map((entry) => `${entry.at.toISOString()}  ${entry.actor}  ${entry.label}  ${entry.action}: ${entry.detail}`));
  return lines;
}
