/** The endpoint refusing a proof, read and worded for the teacher's panel (src/identity/proof-refusal.ts). */
import { describe, expect, it } from 'vitest';
import { mayMendWithFreshProof, mayWaitForProof, proofRefusalOf, proofRefusalOfReply, proofRefusalWording } from '../../src/identity/proof-refusal';

describe('proof refusals', () => {
  it('reads a 401, 403 or 503 that names a proof problem', () => {
    expect(proofRefusalOf({ status: 401, body: { error: 'token expired', problem: 'expired' } })).toEqual({ status: 401, problem: 'expired', error: 'token expired' });
    expect(proofRefusalOf({ status: 403, body: { error: 'x', problem: 'other-account' } })?.problem).toBe('other-account');
    expect(proofRefusalOf({ status: 503, body: { problem: 'issuer-unreachable' } })).toEqual({ status: 503, problem: 'issuer-unreachable', error: '' });
  });

  it('leaves other refusals to the usual wording', () => {
    expect(proofRefusalOf({ status: 401, body: { error: 'unknown token' } })).toBeNull();
    expect(proofRefusalOf({ status: 403, body: { error: 'not a staff token' } })).toBeNull();
    expect(proofRefusalOf({ status: 422, body: { error: 'x', problem: 'expired' } })).toBeNull();
    expect(proofRefusalOf({ status: 401, body: { problem: 'not-a-problem' } })).toBeNull();
    expect(proofRefusalOf({ status: null })).toBeNull();
  });

  it('reads the same from a reply as text, and nothing from text that is not JSON', () => {
    expect(proofRefusalOfReply(401, '{"error":"no identity proof","problem":"missing"}')).toEqual({ status: 401, problem: 'missing', error: 'no identity proof' });
    expect(proofRefusalOfReply(401, 'Unauthorized')).toBeNull();
    expect(proofRefusalOfReply(null, 'TypeError: Failed to fetch')).toBeNull();
  });

  it('tries a fresh proof only where one can help', () => {
    expect(mayMendWithFreshProof({ status: 401, problem: 'missing', error: '' })).toBe(true);
    expect(mayMendWithFreshProof({ status: 401, problem: 'expired', error: '' })).toBe(true);
    expect(mayMendWithFreshProof({ status: 401, problem: 'wrong-domain', error: '' })).toBe(false);
    expect(mayMendWithFreshProof({ status: 403, problem: 'other-account', error: '' })).toBe(false);
    expect(mayMendWithFreshProof({ status: 503, problem: 'issuer-unreachable', error: '' })).toBe(false);
  });

  it('lets refused records wait for a fresh proof only when they name the account signed in now', () => {
    const missing = { status: 401, problem: 'missing', error: '' } as const;
    expect(mayWaitForProof(missing, ['ada@school.example', 'ADA@school.example'], 'ada@school.example')).toBe(true);
    // Made before sign-in, or by someone signed in before: no proof can come for them from this device.
    expect(mayWaitForProof(missing, [''], 'ada@school.example')).toBe(false);
    expect(mayWaitForProof(missing, ['teacher@school.example'], 'ada@school.example')).toBe(false);
    expect(mayWaitForProof(missing, ['ada@school.example'], '')).toBe(false);
    expect(mayWaitForProof({ status: 401, problem: 'wrong-domain', error: '' }, ['ada@gmail.com'], 'ada@gmail.com')).toBe(false);
  });

  it('says the account could not be confirmed, why, and what happened', () => {
    expect(proofRefusalWording({ status: 401, problem: 'wrong-domain', error: 'outside.example is not a school domain' }, 'nothing was opened')).toBe(
      "Your school account could not be confirmed: your account is not one of the school's (outside.example is not a school domain), so nothing was opened.",
    );
  });
});
