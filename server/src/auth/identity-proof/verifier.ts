/**
 * Checks a device's identity proof: its RS256 signature against the issuer's published keys (the same key
 * cache the dashboard's sign-in uses, auth/oidc/provider.ts), then its claims (proof-claims.ts).
 *
 * Verdicts are kept per token (by its sha256, never the token itself) until the token expires, so a device's
 * every batch in the hour its token lasts costs one hash, not a signature check. A refusal is kept only a
 * minute: a token signed with a key the endpoint has not fetched yet must be accepted once the key set is
 * refreshed. `issuer-unreachable` is never kept: it says nothing about the token.
 */
import { createHash } from 'node:crypto';
import type { Verification } from '../../../../src/shared/identity-proof';
import type { IdentityProofSettings } from '../../config/identity-proof';
import { decodeJwt, keyIdOf, verifyRs256 } from '../oidc/jwt';
import { ProviderError, type IssuerKeys } from '../oidc/provider';
import { checkProofClaims, proofExpiresAt } from './proof-claims';

/** Far larger than any Google ID token (about 1 KB): anything longer is not one, and is not hashed or parsed. */
export const MAX_PROOF_CHARS = 8 * 1024;
/** A school's devices each hold one token an hour; past this many the oldest verdicts are forgotten first. */
export const MAX_CACHED_VERDICTS = 20_000;
const REFUSAL_KEPT_MS = 60_000;

export interface ProofVerifier {
  /** `header`: the X-Identity-Proof value as received (absent: `missing`). */
  verify(header: string | undefined): Promise<Verification>;
}

interface Kept {
  verdict: Verification;
  until: number;
}

export function proofVerifier(settings: IdentityProofSettings, keys: IssuerKeys, now: () => Date, maxCached = MAX_CACHED_VERDICTS): ProofVerifier {
  const kept = new Map<string, Kept>();

  function keep(hash: string, verdict: Verification, until: number): void {
    if (kept.size >= maxCached) {
      const at = now().getTime();
      for (const [key, entry] of kept) if (entry.until <= at) kept.delete(key);
      // Still full: forget the oldest (a Map iterates in insertion order).
      while (kept.size >= maxCached) kept.delete(kept.keys().next().value!);
    }
    kept.set(hash, { verdict, until });
  }

  async function check(token: string): Promise<{ verdict: Verification; until: number | null }> {
    const decoded = decodeJwt(token);
    if (!decoded) return { verdict: { verified: false, problem: 'malformed' }, until: null };
    let published;
    try {
      published = await keys.keys(keyIdOf(token) ?? undefined);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      return { verdict: { verified: false, problem: 'issuer-unreachable' }, until: null };
    }
    const signature = verifyRs256(token, published);
    if (!signature.ok) return { verdict: { verified: false, problem: signature.reason === 'malformed' ? 'malformed' : 'bad-signature' }, until: null };
    const rules = { issuer: settings.issuer, clientIds: settings.clientIds, domains: settings.domains, now: now() };
    return { verdict: checkProofClaims(signature.claims, rules), until: proofExpiresAt(signature.claims) };
  }

  return {
    async verify(header) {
      const token = header?.trim();
      if (!token) return { verified: false, problem: 'missing' };
      if (token.length > MAX_PROOF_CHARS) return { verified: false, problem: 'malformed' };
      const hash = createHash('sha256').update(token).digest('hex');
      const at = now().getTime();
      const hit = kept.get(hash);
      if (hit && hit.until > at) return hit.verdict;
      if (hit) kept.delete(hash);
      const { verdict, until } = await check(token);
      if (verdict.verified && until !== null) keep(hash, verdict, until);
      else if (!verdict.verified && verdict.problem !== 'issuer-unreachable') keep(hash, verdict, Math.min(at + REFUSAL_KEPT_MS, until ?? Infinity));
      return verdict;
    },
  };
}
