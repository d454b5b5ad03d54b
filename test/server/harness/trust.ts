/**
 * A trust of two schools, as a trust's config names them (README "Schools within a trust"): each school's device
 * and staff tokens, each school's IT Lead, and the trust's DSL. Shared by the server tests and the e2e test.
 */
import { hashPassword } from '../../../server/src/auth/password';
import type { ConfigFile } from '../../../server/src/config/schema';

export const NORTH = { id: 'north', name: 'North Academy' };
export const SOUTH = { id: 'south', name: 'South Academy' };

export const TRUST_TOKENS = {
  northPupils: 'north-pupils-token-0123456789abcdef',
  northStaff: 'north-staff-token-0123456789abcdef',
  southPupils: 'south-pupils-token-0123456789abcdef',
  southStaff: 'south-staff-token-0123456789abcdef',
};

export const NORTH_IT_LEAD = { username: 'north.itlead', password: 'north lead passphrase here' };
export const SOUTH_IT_LEAD = { username: 'south.itlead', password: 'south lead passphrase here' };
export const TRUST_DSL = { username: 'trust.dsl', password: 'trust dsl passphrase here' };

/** The parts of a config that make the endpoint a trust's; spread over a test server's own. */
export async function trustConfig(): Promise<Pick<ConfigFile, 'schools' | 'tokens' | 'dashboardUsers'>> {
  const [north, south, dsl] = await Promise.all([NORTH_IT_LEAD, SOUTH_IT_LEAD, TRUST_DSL].map((user) => hashPassword(user.password)));
  return {
    schools: [NORTH, SOUTH],
    tokens: [
      { token: TRUST_TOKENS.northPupils, scope: 'device', label: 'north-pupils', school: NORTH.id },
      { token: TRUST_TOKENS.northStaff, scope: 'staff', label: 'north-staff', school: NORTH.id },
      { token: TRUST_TOKENS.southPupils, scope: 'device', label: 'south-pupils', school: SOUTH.id },
      { token: TRUST_TOKENS.southStaff, scope: 'staff', label: 'south-staff', school: SOUTH.id },
    ],
    dashboardUsers: [
      { username: NORTH_IT_LEAD.username, passwordHash: north!, role: 'it-lead', school: NORTH.id },
      { username: SOUTH_IT_LEAD.username, passwordHash: south!, role: 'it-lead', school: SOUTH.id },
      { username: TRUST_DSL.username, passwordHash: dsl!, role: 'dsl', school: 'trust' },
    ],
  };
}
