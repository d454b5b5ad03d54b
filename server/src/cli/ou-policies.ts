/**
 * The policy JSON the start banner prints for each token: complete for its
 * OU (role, year group, the endpoint), and checked by the code that checks
 * `npm run policy -- check` files and that the device runs, so an IT admin
 * who pastes it as printed gets what the heading says. A staff OU without
 * `"role": "staff"` would get the strictest pupil profile.
 */
import { wrapForAdminConsole } from '../../../src/policy/admin-console';
import { checkPolicy, type PolicyCheck } from '../../../src/policy/check';
import type { Policy } from '../../../src/policy/schema';
import { configDigest } from '../auth/token-book';
import { GOOGLE_ISSUER } from '../config/google-sign-in';
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

/**
 * What the devices need to send identity proofs the endpoint accepts: the school's client (the first the
 * endpoint trusts) and, for an issuer other than Google, a reminder that its authorization endpoint must be
 * added (the banner would have to ask the issuer for it; Google's is the extension's default).
 */
export interface ProofClient {
  clientId: string;
  authorizationUrlNeeded: boolean;
}

export function proofClientOf(config: Pick<Config, 'identityProof'>): ProofClient | null {
  const proof = config.identityProof;
  if (!proof) return null;
  return { clientId: proof.clientIds[0]!, authorizationUrlNeeded: proof.issuer !== GOOGLE_ISSUER };
}

/**
 * `retiresAt`: when each rotated config token (by sha256) stops working. Its policy is still printed, under a
 * heading that says so: the token to paste is the one shown when it was rotated, which is not stored.
 */
export function ouPolicies(config: Config, baseUrl: string, retiresAt: ReadonlyMap<string, Date> = new Map()): OuPolicy[] {
  return config.tokens.map((token) => {
    const printed = ouPolicyFor(token, tokenValue(token, config), baseUrl, proofClientOf(config));
    const retires = retiresAt.get(configDigest(token));
    if (!retires) return printed;
    const note = `ROTATED: this token from the config file is refused from ${retires.toISOString()}; paste the token shown when "${token.label}" was rotated instead (rotate it again if that was lost: \`npm run server -- rotate-token ${token.label}\`). `;
    return { ...printed, heading: note + printed.heading };
  });
}

/** The policy for the OUs of one token label, carrying `value` (a rotated token's new value, say). */
export function ouPolicyFor(token: { label: string; scope: TokenConfig['scope'] }, value: string, baseUrl: string, proofClient: ProofClient | null = null): OuPolicy {
  const endpoint = { url: baseUrl, token: value };
  const staff = token.scope === 'staff';
  const base: Policy = staff ? { role: 'staff', endpoint } : { role: 'pupil', yearGroup: EXAMPLE_YEAR_GROUP, endpoint };
  // Without it devices send no proof, and an endpoint that requires proofs would refuse their teachers' allowlists.
  const policy: Policy = proofClient ? { ...base, identityProof: { clientId: proofClient.clientId } } : base;
  const proofNote = proofClient?.authorizationUrlNeeded ? 'ADD identityProof.authorizationUrl (your issuer is not Google, whose authorization endpoint is the default). ' : '';
  const ou = staff
    ? `Policy for staff OUs (token "${token.label}"):`
    : `Policy for a pupils' OU (token "${token.label}"), here Year 7: one OU per year group, with yearGroup R, Y1 ... Y13 ` +
      '(or yearGroupFromEmail instead: `npm run policy -- example pupil`):';
  const heading = proofNote + ou;
  return { heading, policy, check: checkPolicy(policy, `the ${staff ? 'staff' : "pupils'"} policy for token "${token.label}"`) };
}

/** How the start banner and `rotate-token` print one OU's policy: heading, JSON, the Admin console's own form, and the device's check of it. */
export function policyLines({ heading, policy, check }: OuPolicy): string[] {
  return [
    '',
    heading,
    JSON.stringify(policy),
    `  (the Admin console's own form: ${JSON.stringify(wrapForAdminConsole(policy))})`,
    // Checked as the device would read it: a problem here (an http:// publicUrl, say) is one the devices would have.
    ...check.lines.map((line) => `  ${check.ok ? '' : 'FIX BEFORE PASTING: '}${line}`),
  ];
}
