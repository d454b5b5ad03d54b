/** A record's `verified` and `proof_problem` columns (migration 9) as the rows hand them back. */
import { PROOF_PROBLEMS, type ProofProblem } from '../../../../src/shared/identity-proof';
import { verificationWords, type RecordVerification, type StoredVerification } from '../../dashboard-api/verification';

export function verificationOf(verified: number, problem: string | null): StoredVerification {
  const known = problem !== null && (PROOF_PROBLEMS as readonly string[]).includes(problem) ? (problem as ProofProblem) : null;
  const verification = { verified: verified === 1, problem: known };
  return { ...verification, words: verificationWords(verification) };
}

export function verificationColumns(verification: RecordVerification): { verified: number; proofProblem: string | null } {
  return { verified: verification.verified ? 1 : 0, proofProblem: verification.problem };
}
