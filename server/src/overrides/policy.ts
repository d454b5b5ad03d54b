/**
 * The school's rules for lesson allowlists, beyond their shape: no longer
 * than `maxOverrideMinutes`, not already over, and no locked domain.
 */
import type { OverrideRequest } from '../../../src/overrides/model';
import type { AppContext } from '../context';
import type { Issue } from '../http/errors';

export function checkOverridePolicy(request: OverrideRequest, context: Pick<AppContext, 'config' | 'lockCheck' | 'now'>): Issue[] {
  const issues: Issue[] = [];
  const minutes = (Date.parse(request.endsAt) - Date.parse(request.startsAt)) / 60_000;
  if (minutes > context.config.maxOverrideMinutes) {
    issues.push({ path: 'endsAt', message: `an allowlist may last at most ${context.config.maxOverrideMinutes} minutes (this one: ${Math.ceil(minutes)})` });
  }
  if (Date.parse(request.endsAt) <= context.now().getTime()) {
    issues.push({ path: 'endsAt', message: 'this allowlist would already be over' });
  }
  request.domains.forEach((domain, index) => {
    const refusal = context.lockCheck(domain);
    if (refusal) issues.push({ path: `domains.${index}`, message: refusal });
  });
  return issues;
}
