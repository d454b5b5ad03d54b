/**
 * What a signed ID token must say before anyone is signed in (OpenID Connect Core 3.1.3.7, and Google's
 * advice for Workspace: check `hd`, since the email's own domain says nothing about who manages the account).
 * Pure: the clock is passed in.
 */
import type { DashboardRole } from '../../dashboard-api/types';

/** Small: the endpoint keeps NTP time (README), and Google's clocks are good. */
export const CLOCK_SKEW_SECONDS = 60;

export interface ClaimRules {
  issuers: readonly string[];
  clientId: string;
  nonce: string;
  domains: readonly string[];
  roles: Readonly<Record<string, DashboardRole>>;
  now: Date;
}

export type ClaimVerdict =
  | { ok: true; email: string; role: DashboardRole }
  | { ok: false; code: 'invalid-token' | 'wrong-domain' | 'unverified-email' | 'not-mapped'; detail: string; email?: string };

/** Google writes its issuer both with and without the scheme. */
export function acceptedIssuers(issuer: string): string[] {
  return issuer === 'https://accounts.google.com' ? [issuer, 'accounts.google.com'] : [issuer];
}

export function checkClaims(claims: Record<string, unknown>, rules: ClaimRules): ClaimVerdict {
  const now = rules.now.getTime() / 1000;
  if (typeof claims.iss !== 'string' || !rules.issuers.includes(claims.iss)) return invalid(`issuer ${String(claims.iss)}`);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(rules.clientId)) return invalid('audience is not this client');
  // With several audiences, the party it was issued to must be us.
  if (audiences.length > 1 && claims.azp !== rules.clientId) return invalid('authorised party is not this client');
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS < now) return invalid('expired');
  if (typeof claims.iat !== 'number' || claims.iat - CLOCK_SKEW_SECONDS > now) return invalid('issued in the future');
  if (typeof claims.nonce !== 'string' || claims.nonce !== rules.nonce) return invalid('nonce does not match this sign-in');
  if (typeof claims.email !== 'string' || !claims.email.includes('@')) return invalid('no email');
  const email = claims.email.toLowerCase();
  if (typeof claims.hd !== 'string' || !rules.domains.includes(claims.hd.toLowerCase())) {
    return { ok: false, code: 'wrong-domain', detail: `hosted domain ${typeof claims.hd === 'string' ? claims.hd : 'missing'}`, email };
  }
  if (claims.email_verified !== true) return { ok: false, code: 'unverified-email', detail: 'email_verified is not true', email };
  const role = Object.hasOwn(rules.roles, email) ? rules.roles[email] : undefined;
  if (!role) return { ok: false, code: 'not-mapped', detail: 'account not in googleSignIn.roles', email };
  return { ok: true, email, role };
}

function invalid(detail: string): ClaimVerdict {
  return { ok: false, code: 'invalid-token', detail };
}
