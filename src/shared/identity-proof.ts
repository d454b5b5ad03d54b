/**
 * The contract between the extension and the endpoint for proving who is signed in on a device (issue 21).
 *
 * A device token says which OU a request comes from; it cannot say which pupil or teacher, because every
 * device in the OU holds the same token and a pupil can read it. So the extension also sends a proof: a
 * Google ID token (an RS256 JWT) for the signed-in school account, issued to the school's own OAuth client
 * and obtained without a prompt (`chrome.identity.launchWebAuthFlow`, `prompt=none`). The endpoint checks
 * its signature against the issuer's published keys, its issuer, audience (the school's client), expiry,
 * hosted domain and verified email. A pupil can get a proof for their own account only, so a proof
 * binds the record to the account that made it.
 */

/** The request header that carries the proof beside `Authorization: Bearer <device token>`. */
export const IDENTITY_PROOF_HEADER = 'X-Identity-Proof';

/**
 * Why the endpoint did not accept a proof. The endpoint's refusals and the records it marks unverified
 * carry one of these, so the extension, the dashboard and exports say the same thing.
 */
export const PROOF_PROBLEMS = [
  /** No proof was sent. */
  'missing',
  /** Not a JWT, or not one the endpoint can read. */
  'malformed',
  /** The signature does not match the issuer's keys (tampered, or signed by someone else). */
  'bad-signature',
  /** Issued by someone other than the configured issuer. */
  'wrong-issuer',
  /** Issued to another OAuth client than the school's. */
  'wrong-audience',
  /** Past its expiry (or not yet valid). */
  'expired',
  /** The account is outside the school's domains. */
  'wrong-domain',
  /** The issuer has not verified the account's email address. */
  'email-unverified',
  /** Valid, but for another account than the one the request names. */
  'other-account',
  /** The issuer's keys could not be fetched, so the proof could not be checked. */
  'issuer-unreachable',
] as const;
export type ProofProblem = (typeof PROOF_PROBLEMS)[number];

/** What the endpoint records beside each event, report and allowlist action. */
export type Verification = { verified: true; account: string } | { verified: false; problem: ProofProblem };
