/**
 * The endpoint refusing a request because of its identity proof (pure): 401 `{error, problem}` when the
 * proof is missing or invalid where one is required, 403 `other-account` when the request names another
 * account than the proof, 503 `issuer-unreachable` when the endpoint could not fetch the issuer's keys.
 */
import { z } from 'zod';
import { PROOF_PROBLEMS, type ProofProblem } from '../shared/identity-proof';

const proofRefusalBody = z.object({ error: z.string().optional(), problem: z.enum(PROOF_PROBLEMS) });

export interface ProofRefusal {
  status: number;
  problem: ProofProblem;
  /** The endpoint's own words, when it gave them. */
  error: string;
}

export function proofRefusalOf(answer: { status: number | null; body?: unknown }): ProofRefusal | null {
  if (answer.status !== 401 && answer.status !== 403 && answer.status !== 503) return null;
  const parsed = proofRefusalBody.safeParse(answer.body);
  return parsed.success ? { status: answer.status, problem: parsed.data.problem, error: parsed.data.error ?? '' } : null;
}

/** The same, from a reply read as text (uploads and reports read their replies so). */
export function proofRefusalOfReply(status: number | null, text: string): ProofRefusal | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  return proofRefusalOf({ status, body });
}

/**
 * A fresh proof can mend a 401 (missing, expired, or one the issuer has since replaced); it cannot mend
 * the wrong account, the wrong domain or an unreachable issuer, so those are not retried.
 */
/**
 * Where the school requires proofs of pupils, the same rule decides an upload or report the endpoint
 * refused for its proof: one a fresh proof can mend (the issuer was out of reach of the device, the proof
 * expired on the way) waits and goes again, as after an outage, instead of being set aside for good.
 */
export function mayMendWithFreshProof(refusal: ProofRefusal): boolean {
  return refusal.status === 401 && refusal.problem !== 'wrong-domain' && refusal.problem !== 'email-unverified';
}

const PROBLEM_WORDS: Record<ProofProblem, string> = {
  missing: 'this device could not get a proof of your account from the school\'s sign-in service',
  malformed: 'the proof of your account could not be read',
  'bad-signature': 'the proof of your account was not signed by the school\'s sign-in service',
  'wrong-issuer': 'the proof of your account came from another sign-in service than the school\'s',
  'wrong-audience': 'the proof of your account was issued to another app than the school\'s',
  expired: 'the proof of your account had expired',
  'wrong-domain': 'your account is not one of the school\'s',
  'email-unverified': 'your account\'s email address is not verified',
  'other-account': 'the request named another account than the one signed in',
  'issuer-unreachable': 'the school\'s endpoint could not reach the sign-in service; try again in a minute',
};

/** Why, in words, with the endpoint's detail when it gave one. */
export function proofRefusalReason(refusal: ProofRefusal): string {
  return `${PROBLEM_WORDS[refusal.problem]}${refusal.error ? ` (${refusal.error})` : ''}`;
}

/** The teacher's panel's sentence for an action. */
export function proofRefusalWording(refusal: ProofRefusal, outcome: string): string {
  return `Your school account could not be confirmed: ${proofRefusalReason(refusal)}, so ${outcome}.`;
}

/** The same sentence when this device could not get a proof at all (the issuer's answer, in words). */
export function proofUnavailableWording(why: string, outcome: string): string {
  return `Your school account could not be confirmed: ${why}, so ${outcome}.`;
}
