/**
 * One Google sign-in's callback, from the provider's answer to a verified account and role: exchange the
 * code, check the ID token's signature against the provider's keys, then its claims. No HTTP framework
 * here: the route (routes/dashboard/google-sign-in.ts) deals with cookies, limits and redirects.
 */
import type { GoogleSignInSettings } from '../../config/google-sign-in';
import type { DashboardRole } from '../../dashboard-api/types';
import type { SignInErrorCode } from '../../dashboard-api/sign-in-errors';
import { acceptedIssuers, checkClaims } from './claims';
import { keyIdOf, verifyRs256 } from './jwt';
import { ProviderError, type Provider } from './provider';

export type SignInOutcome =
  | { ok: true; email: string; role: DashboardRole }
  | { ok: false; code: SignInErrorCode; detail: string; email?: string };

export async function completeSignIn(provider: Provider, settings: GoogleSignInSettings, code: string, verifier: string, nonce: string, now: Date): Promise<SignInOutcome> {
  let idToken: string;
  let keys;
  try {
    idToken = await provider.exchange(code, verifier);
    keys = await provider.keys(keyIdOf(idToken) ?? undefined);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return { ok: false, code: error.kind === 'unreachable' ? 'provider-unreachable' : 'provider-error', detail: error.message };
  }
  const signature = verifyRs256(idToken, keys);
  if (!signature.ok) return { ok: false, code: 'invalid-token', detail: `signature: ${signature.reason}` };
  return checkClaims(signature.claims, {
    issuers: acceptedIssuers(settings.issuer),
    clientId: settings.clientId,
    nonce,
    domains: settings.domains,
    roles: settings.roles,
    now,
  });
}
