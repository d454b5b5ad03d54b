/**
 * Whether the endpoint verified who a record names, as stored beside each event, report and allowlist
 * action, and the words the dashboard, CSV exports and subject access exports all use for it (text, never
 * colour alone). Plain data: the dashboard's browser code imports it.
 */
import type { ProofProblem } from '../../../src/shared/identity-proof';

/**
 * `verified`: a valid identity proof for the account the record names. Otherwise `problem` says why not; null
 * when no proof was checked at all (identityProof not configured, or the record arrived before it was).
 */
export interface RecordVerification {
  verified: boolean;
  problem: ProofProblem | null;
}

export const NOT_CHECKED: RecordVerification = { verified: false, problem: null };

/** As rows hand it back: with its words, so JSON exports read as plainly as the dashboard. */
export interface StoredVerification extends RecordVerification {
  words: string;
}

const PROBLEM_WORDS: Record<ProofProblem, string> = {
  missing: 'no proof',
  malformed: 'unreadable proof',
  'bad-signature': 'proof signature does not match',
  'wrong-issuer': 'proof from another issuer',
  'wrong-audience': "proof issued to another app than the school's",
  expired: 'proof expired',
  'wrong-domain': "account outside the school's domains",
  'email-unverified': 'email address not verified',
  'other-account': 'proof is for another account',
  'issuer-unreachable': 'Google could not be reached to check the proof',
};

/** Why a proof was not accepted, in a few words (also the endpoint's refusals). */
export function proofProblemWords(problem: ProofProblem): string {
  return PROBLEM_WORDS[problem];
}

/** E.g. "Verified", "Unverified: no proof", "Not checked". */
export function verificationWords(verification: RecordVerification): string {
  if (verification.verified) return 'Verified';
  return verification.problem ? `Unverified: ${proofProblemWords(verification.problem)}` : 'Not checked';
}

/** For who created or ended an allowlist: only whether a proof showed it (the problem is in the request log). */
export function staffActionWords(verified: boolean): string {
  return verified ? 'verified' : "unverified: the device's word only";
}
