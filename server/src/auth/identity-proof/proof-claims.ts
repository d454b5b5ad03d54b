/**
 * What a device's identity proof (a Google ID token, src/shared/identity-proof.ts) must say before a record
 * is bound to its account. The dashboard's sign-in checks the same things (auth/oidc/claims.ts) plus its own
 * nonce and roles; a proof has neither (a device obtains it once and sends it with every batch until it
 * expires). Pure: the clock is passed in.
 */
import type { ProofProblem, Verification } from '../../../../src/shared/identity-proof';
import { acceptedIssuers, CLOCK_SKEW_SECONDS } from '../oidc/claims';

export interface ProofRules {
  issuer: string;
  clientIds: readonly string[];
  domains: readonly string[];
  now: Date;
}

export function checkProofClaims(claims: Record<string, unknown>, rules: ProofRules): Verification {
  const now = rules.now.getTime() / 1000;
  const refuse = (problem: ProofProblem): Verification => ({ verified: false, problem });
  if (typeof claims.iss !== 'string' || !acceptedIssuers(rules.issuer).includes(claims.iss)) return refuse('wrong-issuer');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.some((audience) => typeof audience === 'string' && rules.clientIds.includes(audience))) return refuse('wrong-audience');
  // The party the token was issued to, when named, must be the school's client too (not another app that listed it).
  if (claims.azp !== undefined && !(typeof claims.azp === 'string' && rules.clientIds.includes(claims.azp))) return refuse('wrong-audience');
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS < now) return refuse('expired');
  if (typeof claims.iat === 'number' && claims.iat - CLOCK_SKEW_SECONDS > now) return refuse('expired');
  if (typeof claims.email !== 'string' || !claims.email.includes('@')) return refuse('malformed');
  // `hd`, not the email's domain: only `hd` says the school's Workspace manages the account (Google's advice).
  if (typeof claims.hd !== 'string' || !rules.domains.includes(claims.hd.toLowerCase())) return refuse('wrong-domain');
  if (claims.email_verified !== true) return refuse('email-unverified');
  return { verified: true, account: claims.email.toLowerCase() };
}

/** Until when a verdict on these claims may be reused without checking again: the token's expiry. */
export function proofExpiresAt(claims: Record<string, unknown>): number | null {
  return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
}
