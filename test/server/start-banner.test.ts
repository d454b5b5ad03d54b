/**
 * The policies the start banner prints (`npm run server`): complete for each
 * OU and read back by the extension's own policy code, so pasting them as
 * printed gives teachers the staff profile and pupils their year group.
 */
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../server/src/auth/tokens';
import { ouPolicies } from '../../server/src/cli/ou-policies';
import { parseConfig } from '../../server/src/config/load';
import { resolveProfile } from '../../src/policy/profile';
import { repairPolicy } from '../../src/policy/repair';

const DEVICE = 'device-token-for-banner-0123456789';
const STAFF = 'staff-token-for-banner-0123456789';

function config(extra: Record<string, unknown> = {}) {
  return parseConfig(
    {
      tokens: [
        { token: DEVICE, scope: 'device', label: 'pupils' },
        { token: STAFF, scope: 'staff', label: 'staff' },
      ],
      ...extra,
    },
    'banner test config',
    '/tmp',
  );
}

/** What a device given this policy would be, read by the extension's code (not the banner's). */
function profileFrom(policy: unknown, email = '') {
  const { policy: repaired, problems } = repairPolicy(policy);
  return { problems, profile: resolveProfile(repaired, problems, { email }, new Date()).profile };
}

describe('the start banner policies', () => {
  it('says when a config token has been rotated out, and what to paste instead', () => {
    const retired = new Map([[sha256Hex(DEVICE), new Date('2026-03-09T09:00:00.000Z')]]);
    const [pupils, staff] = ouPolicies(config(), 'http://127.0.0.1:8787', retired);
    expect(pupils!.heading).toMatch(/^ROTATED: this token from the config file is refused from 2026-03-09T09:00:00.000Z; paste the token shown when "pupils" was rotated instead/);
    expect(pupils!.heading).toContain('`npm run server -- rotate-token pupils`');
    expect(staff!.heading).toMatch(/^Policy for staff OUs/);
  });

  it('gives staff OUs a policy that makes teachers staff, with the staff token', () => {
    const staff = ouPolicies(config(), 'http://127.0.0.1:8787').find((ou) => ou.heading.startsWith('Policy for staff'))!;
    expect(staff.policy).toEqual({ role: 'staff', endpoint: { url: 'http://127.0.0.1:8787', token: STAFF } });
    const { problems, profile } = profileFrom(staff.policy, 'teacher@school.example');
    expect(problems).toEqual([]);
    expect(profile.role).toBe('staff');
    expect(staff.check.ok).toBe(true);
    expect(staff.check.lines.at(-1)).toMatch(/valid \(staff\)$/);
  });

  it("gives pupils' OUs a year group, so pupils are not left on the strictest profile", () => {
    const pupils = ouPolicies(config(), 'http://127.0.0.1:8787').find((ou) => ou.heading.startsWith("Policy for a pupils' OU"))!;
    expect(pupils.policy).toMatchObject({ role: 'pupil', yearGroup: 'Y7', endpoint: { token: DEVICE } });
    const { problems, profile } = profileFrom(pupils.policy);
    expect(problems).toEqual([]);
    expect(profile).toMatchObject({ role: 'pupil', yearGroup: 'Y7' });
    expect(pupils.heading).toContain('one OU per year group');
  });

  it('says so when the devices could not use the address it prints (plain http off loopback)', () => {
    const printed = ouPolicies(config({ publicUrl: 'http://filter.school.example' }), 'http://filter.school.example');
    for (const ou of printed) {
      expect(ou.check.ok).toBe(false);
      expect(ou.check.lines.join('\n')).toMatch(/endpoint.*https/);
    }
  });

  it('carries the school client for identity proofs when the endpoint checks them, in a form the device accepts', () => {
    const printed = ouPolicies(config({ identityProof: { clientIds: ['school-extension.apps.example', 'older.apps.example'], domains: ['school.example'] } }), 'https://filter.school.example');
    for (const ou of printed) {
      expect(ou.policy.identityProof).toEqual({ clientId: 'school-extension.apps.example' });
      expect(ou.heading).not.toContain('authorizationUrl');
      const { problems } = profileFrom(ou.policy, 'teacher@school.example');
      expect(problems).toEqual([]);
      expect(ou.check.ok).toBe(true);
    }
    expect(ouPolicies(config(), 'https://filter.school.example').every((ou) => ou.policy.identityProof === undefined)).toBe(true);
  });

  it('asks for the authorization endpoint when the issuer is not Google', () => {
    const printed = ouPolicies(config({ identityProof: { clientIds: ['c.apps.example'], domains: ['school.example'], issuer: 'https://sso.school.example' } }), 'https://filter.school.example');
    for (const ou of printed) expect(ou.heading).toMatch(/^ADD identityProof\.authorizationUrl \(your issuer is not Google/);
  });
});
