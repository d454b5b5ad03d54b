/**
 * The identity proof on a device request (X-Identity-Proof), checked and applied per route: who a staff
 * action is by, and whether a pupil's records may be stored, and as verified or not. Every proof not
 * accepted is logged with its problem, the token's label and the route, never the proof itself.
 */
import type { FastifyRequest } from 'fastify';
import { IDENTITY_PROOF_HEADER, type ProofProblem, type Verification } from '../../../src/shared/identity-proof';
import { namesAnotherAccount, sameAccount } from '../auth/identity-proof/binding';
import type { AppContext } from '../context';
import { proofProblemWords } from '../dashboard-api/verification';
import { callerOf } from './bearer';
import { HttpError } from './errors';

/** How long a device waits before trying again when the issuer's keys could not be fetched. */
export const ISSUER_UNREACHABLE_RETRY_SECONDS = 30;

/** Null when the school has not configured identityProof: nothing is checked. */
async function proofOf(request: FastifyRequest, context: AppContext): Promise<Verification | null> {
  if (!context.proofVerifier) return null;
  const header = request.headers[IDENTITY_PROOF_HEADER.toLowerCase()];
  // Sent twice: not one proof.
  if (Array.isArray(header)) return { verified: false, problem: 'malformed' };
  return context.proofVerifier.verify(header);
}

/** A refusal is a warning; a record kept unverified is information (until devices send proofs, that is every batch). */
function logProblem(request: FastifyRequest, problem: ProofProblem, outcome: 'request refused' | 'taken as unverified'): void {
  const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
  const fields = { problem, tokenLabel: callerOf(request).label, route };
  const message = `identity proof problem: ${problem}; ${outcome}`;
  if (outcome === 'request refused') request.log.warn(fields, message);
  else request.log.info(fields, message);
}

function refusal(request: FastifyRequest, problem: ProofProblem, what: string): HttpError {
  logProblem(request, problem, 'request refused');
  const message = `${what}: ${proofProblemWords(problem)}`;
  if (problem === 'issuer-unreachable') return new HttpError(503, message, undefined, { 'Retry-After': String(ISSUER_UNREACHABLE_RETRY_SECONDS) }, { problem });
  return new HttpError(problem === 'other-account' ? 403 : 401, message, undefined, undefined, { problem });
}

/** A valid proof for another account than a record names: 403, logged. */
export function refuseOtherAccount(request: FastifyRequest, what: string): HttpError {
  return refusal(request, 'other-account', what);
}

/**
 * For events and reports: the proof to store them with (null: none checked). Refuses the request when a
 * valid proof is for another account than any record names, and, when the school requires proofs from
 * pupils, when there is no valid proof; otherwise a record without one is stored, marked unverified.
 */
export async function proofForRecords(request: FastifyRequest, context: AppContext, users: readonly string[]): Promise<Verification | null> {
  const proof = await proofOf(request, context);
  if (!proof) return null;
  if (!proof.verified) {
    if (context.config.identityProof!.require.pupils) throw refusal(request, proof.problem, 'an identity proof is required for these records');
    logProblem(request, proof.problem, 'taken as unverified');
    return proof;
  }
  if (users.some((user) => namesAnotherAccount(user, proof))) throw refuseOtherAccount(request, 'a record names another account than the identity proof');
  return proof;
}

/** Who a staff action is by, and whether that was verified. */
export interface StaffIdentity {
  account: string;
  verified: boolean;
}

/**
 * For allowlist actions: when the school requires a proof from staff, the action is by the proof's account
 * and no other (a body naming another is refused); otherwise by the account the body names, verified only
 * when a valid proof for that very account came with it.
 */
export async function staffIdentity(request: FastifyRequest, context: AppContext, named: string): Promise<StaffIdentity> {
  const proof = await proofOf(request, context);
  if (!proof) return { account: named, verified: false };
  if (proof.verified && !sameAccount(named, proof.account)) throw refuseOtherAccount(request, `the request names ${named}, but the identity proof is for another account`);
  if (proof.verified) return { account: proof.account, verified: true };
  if (context.config.identityProof!.require.staff) throw refusal(request, proof.problem, 'staff actions need a valid identity proof');
  logProblem(request, proof.problem, 'taken as unverified');
  return { account: named, verified: false };
}
