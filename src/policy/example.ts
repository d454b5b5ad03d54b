/**
 * Ready-to-paste policy JSON for one organisational unit: what the CLI's
 * `example` prints and what the README's deployment guide shows.
 */
import type { Policy, Role } from './schema';
import type { YearGroup } from './year-groups';

export interface ExampleOptions {
  role: Role;
  yearGroup?: YearGroup;
  schoolName?: string;
  endpointUrl?: string;
  endpointToken?: string;
}

export function examplePolicy(options: ExampleOptions): Policy {
  const policy: Policy = {
    schoolName: options.schoolName ?? 'Example School',
    role: options.role,
  };
  if (options.role === 'pupil') {
    if (options.yearGroup) policy.yearGroup = options.yearGroup;
    else policy.yearGroupFromEmail = { pattern: '^(?<intake>\\d{2})[a-z]', intakeYearGroup: 'Y7' };
    policy.approvedAiTools = [];
  }
  policy.allowDomains = [];
  policy.blockDomains = [];
  policy.logging = { detail: 'domain', uploadIntervalMinutes: 5 };
  policy.reportScreenshots = false;
  policy.blockPageContact = 'If you think this is a mistake, ask your teacher or the school IT team.';
  if (options.endpointUrl) {
    policy.endpoint = { url: options.endpointUrl, token: options.endpointToken ?? 'replace-with-the-token-from-your-endpoint' };
  }
  return policy;
}
