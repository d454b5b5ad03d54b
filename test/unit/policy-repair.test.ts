import { describe, expect, it } from 'vitest';
import { repairPolicy } from '../../src/policy/repair';

describe('repairPolicy', () => {
  it('keeps a valid policy as it is, with domains normalised', () => {
    const { policy, problems } = repairPolicy({
      schoolName: 'Oak', role: 'pupil', yearGroup: 'Y9', allowDomains: ['BBC.co.uk.', 'bbc.co.uk', 'bücher.de'],
    });
    expect(problems).toEqual([]);
    expect(policy).toEqual({ schoolName: 'Oak', role: 'pupil', yearGroup: 'Y9', allowDomains: ['bbc.co.uk', 'xn--bcher-kva.de'] });
  });

  it('repairs field by field: one bad value does not cost the rest', () => {
    const { policy, problems } = repairPolicy({ schoolName: 'Oak', role: 'teacher', yearGroup: 'Y9', blockDomains: ['ok.example', '1.2.3.4'] });
    expect(policy).toEqual({ schoolName: 'Oak', yearGroup: 'Y9', blockDomains: ['ok.example'] });
    expect(problems.map((p) => [p.path, p.severity])).toEqual([
      ['role', 'error'],
      ['blockDomains[1]', 'error'],
    ]);
    expect(problems[0]!.message).toContain('treated as pupil');
  });

  it('turns a mistyped category action into block, never allow', () => {
    const { policy, problems } = repairPolicy({ categoryActions: { KS3: { social: 'alow', ai: 'allow' }, staff: { games: 1 } } });
    expect(policy.categoryActions).toEqual({ KS3: { social: 'block', ai: 'allow' }, staff: { games: 'block' } });
    expect(problems.map((p) => p.path)).toEqual(['categoryActions.KS3.social', 'categoryActions.staff.games']);
  });

  it('drops an incomplete endpoint and never repeats its token', () => {
    const { policy, problems } = repairPolicy({ endpoint: { url: 'https://filter.oak.sch.uk', token: 'secret' } });
    expect(policy.endpoint).toBeUndefined();
    expect(JSON.stringify(problems)).not.toContain('secret');
    expect(problems.map((p) => p.path)).toEqual(['endpoint.token', 'endpoint']);
  });

  it('accepts http only on loopback for the endpoint', () => {
    expect(repairPolicy({ endpoint: { url: 'http://127.0.0.1:8787', token: '0123456789abcdef' } }).problems).toEqual([]);
    expect(repairPolicy({ endpoint: { url: 'http://filter.oak.sch.uk', token: '0123456789abcdef' } }).problems[0]!.path).toBe('endpoint.url');
  });

  it('reads the identity proof settings, and says clearly what is wrong with them', () => {
    expect(repairPolicy({ identityProof: { clientId: 'devices.apps.example', authorizationUrl: 'http://127.0.0.1:4000/auth' } }).policy.identityProof).toEqual({
      clientId: 'devices.apps.example',
      authorizationUrl: 'http://127.0.0.1:4000/auth',
    });
    const { policy, problems } = repairPolicy({ identityProof: { clientId: '', authorizationUrl: 'http://issuer.example/auth' } });
    expect(policy.identityProof).toBeUndefined();
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `identityProof.clientId: must name the school's OAuth client id (got ""); ignored`,
      'identityProof.authorizationUrl: must be an https:// URL (http:// only on loopback, for testing) (got "http://issuer.example/auth"); ignored',
      'identityProof: incomplete after the errors above; ignored',
    ]);
  });

  it('warns about unknown keys without failing', () => {
    const { problems } = repairPolicy({ role: 'staff', colour: 'blue' });
    expect(problems).toEqual([{ path: 'colour', message: expect.stringContaining('unknown key'), severity: 'warning' }]);
  });

  it.each([null, 'pupil', 42, ['role']])('turns a non-object policy (%j) into safe defaults with an error', (raw) => {
    const { policy, problems } = repairPolicy(raw);
    expect(policy).toEqual({});
    expect(problems[0]!.severity).toBe('error');
  });

  it('makes a warn on a block-only category a block, and says so; other warns stand', () => {
    const { policy, problems } = repairPolicy({ categoryActions: { KS5: { adult: 'warn', games: 'warn' }, staff: { proxy: 'warn', malware: 'allow' } } });
    expect(policy.categoryActions).toEqual({ KS5: { adult: 'block', games: 'warn' }, staff: { proxy: 'block', malware: 'allow' } });
    expect(problems).toEqual([
      { path: 'categoryActions.KS5.adult', message: expect.stringContaining('not warned'), severity: 'warning' },
      { path: 'categoryActions.staff.proxy', message: expect.stringContaining('not warned'), severity: 'warning' },
    ]);
  });
});
