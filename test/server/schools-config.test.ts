/**
 * A trust's config (issue 22): the schools, each token's school and each dashboard account's school or the
 * trust, with clear errors, and no silent default that could give a school's DSL the whole trust.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/src/config/load';
import { readFilter, schoolForCreation, staffScopeOf } from '../../server/src/schools/scope';

const HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const schools = [
  { id: 'north', name: 'North Academy' },
  { id: 'south', name: 'South Academy' },
];
const token = (label: string, school?: string) => ({ token: `${label}-token-long-enough-0000`, scope: 'device', label, ...(school === undefined ? {} : { school }) });
const user = (username: string, school?: string) => ({ username, passwordHash: HASH, role: 'dsl', ...(school === undefined ? {} : { school }) });
const dir = mkdtempSync(join(tmpdir(), 'schools-config-'));
writeFileSync(join(dir, 'google-secret'), 'the-secret\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parse = (config: Record<string, unknown>) => parseConfig(config, 'config.json', dir);
const problem = (config: Record<string, unknown>): string => {
  try {
    parse(config);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
};

describe('the schools config', () => {
  it('takes a trust: each token names a school, each account a school or the trust', () => {
    const config = parse({ schools, tokens: [token('north-pupils', 'north'), token('south-pupils', 'south')], dashboardUsers: [user('north.dsl', 'north'), user('trust.dsl', 'trust')] });
    expect(config.schools).toEqual(schools);
    expect(staffScopeOf(config, 'north.dsl')).toEqual({ school: 'north' });
    expect(staffScopeOf(config, 'trust.dsl')).toEqual({ school: null });
    expect(staffScopeOf(config, 'nobody')).toBeNull();
  });

  it('needs a school on every token when schools are set, naming the token and the ids', () => {
    expect(problem({ schools, tokens: [token('north-pupils', 'north'), token('forgotten')] })).toContain('tokens.1.school: token "forgotten" needs a school: one of "north", "south"');
    expect(problem({ schools, tokens: [token('east-pupils', 'east')] })).toContain('token "east-pupils" names school "east", which is not one of "north", "south"');
    // A token belongs to one school: "trust" is an account's word only.
    expect(problem({ schools, tokens: [token('everyone', 'trust')] })).toContain('token "everyone" names school "trust"');
  });

  it('needs a school or "trust" on every dashboard account: no silent default gives the whole trust', () => {
    const tokens = [token('north-pupils', 'north')];
    expect(problem({ schools, tokens, dashboardUsers: [user('dsl')] })).toContain('dashboardUsers.0.school: dashboard user "dsl" needs a school: one of "north", "south", "trust"');
    expect(problem({ schools, tokens, dashboardUsers: [user('dsl', 'east')] })).toContain('dashboard user "dsl" names school "east"');
  });

  it('refuses a school named without a schools list, and bad, doubled or reserved ids', () => {
    expect(problem({ tokens: [token('pupils', 'north')] })).toContain('token "pupils" names school "north", but the config has no schools list');
    expect(problem({ tokens: [token('pupils')], dashboardUsers: [user('dsl', 'trust')] })).toContain('dashboard user "dsl" names school "trust", but the config has no schools list');
    expect(problem({ schools: [{ id: 'North Academy', name: 'N' }], tokens: [token('p', 'North Academy')] })).toContain('schools.0.id: a school id is 1-40 lowercase letters');
    expect(problem({ schools: [...schools, { id: 'north', name: 'Again' }], tokens: [token('p', 'north')] })).toContain('school id "north" is used twice');
    expect(problem({ schools: [{ id: 'trust', name: 'T' }], tokens: [token('p', 'trust')] })).toContain('"trust" names the whole trust');
    expect(problem({ schools: [], tokens: [token('p')] })).toContain('at least one school');
  });

  it('maps Google accounts to {role, school} in a trust, and needs the school there', () => {
    const google = (roles: Record<string, unknown>) => ({ clientId: 'client', clientSecretFile: 'google-secret', domains: ['trust.example'], roles });
    const publicUrl = 'https://filter.trust.example';
    const tokens = [token('north-pupils', 'north')];
    const config = parse({ schools, tokens, publicUrl, googleSignIn: google({ 'dsl@trust.example': { role: 'dsl', school: 'trust' }, 'lead@trust.example': { role: 'it-lead', school: 'south' } }) });
    expect(config.googleSignIn).toMatchObject({ roles: { 'dsl@trust.example': 'dsl', 'lead@trust.example': 'it-lead' }, schools: { 'dsl@trust.example': 'trust', 'lead@trust.example': 'south' } });
    expect(staffScopeOf(config, 'lead@trust.example')).toEqual({ school: 'south' });
    expect(problem({ schools, tokens, publicUrl, googleSignIn: google({ 'dsl@trust.example': 'dsl' }) })).toContain('Google account dsl@trust.example needs a school');
  });

  it('serves one school when schools are absent: every account sees every record, and creations are that school’s', () => {
    const config = parse({ tokens: [token('pupils')], dashboardUsers: [user('dsl')] });
    const scope = staffScopeOf(config, 'dsl')!;
    expect(scope).toEqual({ school: null });
    expect(readFilter(scope)).toBeUndefined();
    expect(schoolForCreation(scope, 'north', config.schools)).toEqual({ school: 'school' });
  });

  it('keeps a school user to their school whatever they ask; a trust user filters and must choose when creating', () => {
    expect(readFilter({ school: 'north' }, 'south')).toBe('north');
    expect(readFilter({ school: null }, 'south')).toBe('south');
    expect(schoolForCreation({ school: 'north' }, 'south', schools)).toEqual({ school: 'north' });
    expect(schoolForCreation({ school: null }, undefined, schools)).toEqual({ refused: 'choose the school this belongs to (north, south)' });
    expect(schoolForCreation({ school: null }, 'trust', schools, true)).toEqual({ school: 'trust' });
    expect(schoolForCreation({ school: null }, 'trust', schools)).toMatchObject({ refused: expect.stringContaining('"trust" is not one of') });
  });
});
