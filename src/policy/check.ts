/**
 * Checks a policy as the extension would read it (pure): repaired field by
 * field, each problem with its path, and who the policy makes the user.
 * `npm run policy -- check` prints it for a file, and the endpoint's start
 * banner runs every policy it prints through it, so what an IT admin pastes
 * has been read by the same code as the device's.
 */
import { unwrapAdminConsoleForm } from './admin-console';
import { resolveProfile } from './profile';
import { repairPolicy } from './repair';

export interface PolicyCheck {
  ok: boolean;
  /** One line per problem (`SOURCE: error at PATH: message`), then a verdict line. */
  lines: string[];
}

/** Checks parsed JSON in either the Admin console's `{"key": {"Value": ...}}` form or the plain form. */
export function checkPolicy(json: unknown, source: string): PolicyCheck {
  const { policy, problems } = repairPolicy(unwrapAdminConsoleForm(json));
  const lines = problems.map((p) => `${source}: ${p.severity} at ${p.path || '(root)'}: ${p.message}`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const { profile } = resolveProfile(policy, problems, { email: '' }, new Date());
  const who = profile.role === 'staff' ? 'staff' : profile.yearGroup ? `pupil, ${profile.yearGroup}` : 'pupil, year group from email at sign-in';
  lines.push(errors === 0 ? `${source}: valid (${who})` : `${source}: ${errors} error(s); the device would repair them as described`);
  return { ok: errors === 0, lines };
}

export function checkPolicyText(text: string, source: string): PolicyCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, lines: [`${source}: not valid JSON: ${(error as Error).message}`] };
  }
  return checkPolicy(json, source);
}
