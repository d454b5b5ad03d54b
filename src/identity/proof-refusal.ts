/**
 * The endpoint refusing a request because of its identity proof (pure): 401 `{error, problem}` when the
 * proof is missing or invalid where one is required, 403 `other-account` when the request names another
 * account than the proof, 503 `issuer-unreachable` when the endpoint could not fetch the issuer's keys.
 */
import { z } from 'zod';
import { PROOF_PROBLEMS, type ProofProblem } from '../shared/identity-proof';
import { sameAccount } from './proof-flow';

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
export function mayMendWithFreshProof(refusal: ProofRefusal): boolean {
  return refusal.status === 401 && refusal.problem !== 'wrong-domain' && refusal.problem !== 'email-unverified';
}

/**
 * Where the school requires proofs of pupils: whether records the endpoint refused for their proof should
 * wait on the device and go again, as after an outage. Only when a fresh proof can mend the refusal and
 * can be had for them: they name the account signed in now. Records of no account (made before sign-in)
 * or of another account can never carry a proof from this device, so waiting would hold up everything
 * queued behind them; they are set aside, as any refused record is, and the status page shows them.
 */
export function mayWaitForProof(refusal: ProofRefusal, recordUsers: readonly string[], signedIn: string): boolean {
  return mayMendWithFreshProof(refusal) && signedIn.trim() !== '' && recordUsers.every((user) => sameAccount(user, signedIn));
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
