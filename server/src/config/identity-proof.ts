/**
 * The `identityProof` key: which Google ID tokens the endpoint accepts as proof of who is signed in on a
 * device (src/shared/identity-proof.ts), and whether staff actions and pupils' records must carry one.
 * Absent: no proof is checked, and every record is stored as not checked (server/README.md, "Who is verified").
 */
import { z } from 'zod';
import { isLoopbackHost } from '../auth/sessions';
import { DEFAULT_PROVIDER_TIMEOUT_SECONDS, GOOGLE_ISSUER, type GoogleSignInSettings } from './google-sign-in';
import { schoolDomain } from './school-domain';

export const identityProofSchema = z.strictObject({
  /** The school's OAuth client ids whose ID tokens count (the extension's client; `aud` must be one of them). */
  clientIds: z.array(z.string().trim().min(1)).min(1, "at least one OAuth client id: the school's client the extension gets its ID tokens from"),
  /** The school's Workspace domains (`hd`); default: googleSignIn.domains. */
  domains: z.array(schoolDomain).min(1, 'at least one domain, or leave domains out to use googleSignIn.domains').optional(),
  /** Default: googleSignIn.issuer when set, else Google's. */
  issuer: z.url({ protocol: /^https?$/ }).optional(),
  /** How long the issuer may take to answer discovery and keys; default: googleSignIn.timeoutSeconds, else 10. */
  timeoutSeconds: z.number().min(0.1).max(60).optional(),
  require: z
    .strictObject({
      /** Allowlists are created and ended only with a valid proof, and name the proof's account. */
      staff: z.boolean().default(true),
      /** Events and reports without a valid proof are refused (otherwise stored, marked unverified). */
      pupils: z.boolean().default(false),
    })
    .prefault({}),
});

export type IdentityProofFile = z.output<typeof identityProofSchema>;

export interface IdentityProofSettings {
  clientIds: string[];
  domains: string[];
  issuer: string;
  timeoutMs: number;
  require: { staff: boolean; pupils: boolean };
}

type Resolved = { settings: IdentityProofSettings } | { issue: { path: string[]; message: string } };

/** Fills the defaults from googleSignIn (already resolved) so one school's domains and issuer are written once. */
export function resolveIdentityProof(proof: IdentityProofFile, google: GoogleSignInSettings | null): Resolved {
  const domains = proof.domains ?? google?.domains;
  if (!domains) return { issue: { path: ['identityProof', 'domains'], message: "the school's Workspace domains (e.g. [\"school.example\"]): required when googleSignIn is not configured" } };
  const issuer = (proof.issuer ?? google?.issuer ?? GOOGLE_ISSUER).replace(/\/+$/, '');
  const url = new URL(issuer);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { issue: { path: ['identityProof', 'issuer'], message: `must be https:// (http:// only on loopback, for testing): "${url.host}"` } };
  }
  const sameIssuer = google !== null && google.issuer === issuer;
  const timeoutMs = proof.timeoutSeconds !== undefined ? Math.round(proof.timeoutSeconds * 1000) : sameIssuer ? google.timeoutMs : DEFAULT_PROVIDER_TIMEOUT_SECONDS * 1000;
  return { settings: { clientIds: proof.clientIds, domains, issuer, timeoutMs, require: proof.require } };
}
