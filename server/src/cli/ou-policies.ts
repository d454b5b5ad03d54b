/**
 * The policy JSON the start banner prints for each token: complete for its
 * OU (role, year group, the endpoint), and checked by the code that checks
 * `npm run policy -- check` files and that the device runs, so an IT admin
 * who pastes it as printed gets what the heading says. A staff OU without
 * `"role": "staff"` would get the strictest pupil profile.
 */
import { checkPolicy, type PolicyCheck } from '../../../src/policy/check';
import type { Policy } from '../../../src/policy/schema';
import type { Config, TokenConfig } from '../config/schema';

export interface OuPolicy {
  /** What the admin reads above the JSON: which OU it is for and what to change. */
  heading: string;
  policy: Policy;
  check: PolicyCheck;
}

/** The year group the pupils' example names; the heading says to change it per OU. */
const EXAMPLE_YEAR_GROUP = 'Y7';

function tokenValue(token: TokenConfig, config: Config): string {
  return 'token' in token ? token.token : `<the ${token.scope} token whose sha256 is in ${config.configPath}>`;
}

export function ouPolicies(config: Config, baseUrl: string): OuPolicy[] {
  return config.tokens.map((token) => {
    const endpoint = { url: baseUrl, token: tokenValue(token, config) };
    const staff = token.scope === 'staff';
    const policy: Policy = staff ? { role: 'staff', endpoint } : { role: 'pupil', yearGroup: EXAMPLE_YEAR_GROUP, endpoint };
    const heading = staff
      ? `Policy for staff OUs (token "${token.label}"):`
      : `Policy for a pupils' OU (token "${token.label}"), here Year 7: one OU per year group, with yearGroup R, Y1 ... Y13 ` +
        '(or yearGroupFromEmail instead: `npm run policy -- example pupil`):';
    return { heading, policy, check: checkPolicy(policy, `the ${staff ? 'staff' : "pupils'"} policy for token "${token.label}"`) };
  });
}
