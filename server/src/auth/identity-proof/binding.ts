/**
 * Binds a record to a proof: a record is verified only when the proof is valid and is for the very account
 * the record names (emails compare without case, as Google's do). Pure; the routes and the store share it.
 */
import type { Verification } from '../../../../src/shared/identity-proof';
import { NOT_CHECKED, type RecordVerification } from '../../dashboard-api/verification';

export function sameAccount(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** `proof` null: no proof was checked (identityProof not configured). */
export function bindRecord(user: string, proof: Verification | null): RecordVerification {
  if (!proof) return NOT_CHECKED;
  if (!proof.verified) return { verified: false, problem: proof.problem };
  return sameAccount(user, proof.account) ? { verified: true, problem: null } : { verified: false, problem: 'other-account' };
}

/** A valid proof and a record that names someone else: no legitimate device sends that (each profile has its own queue). */
export function namesAnotherAccount(user: string, proof: Verification | null): boolean {
  return proof !== null && proof.verified && user.trim() !== '' && !sameAccount(user, proof.account);
}
