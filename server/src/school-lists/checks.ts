/**
 * The school's rules for its own lists, beyond their shape (the routes refuse
 * with 422 and these issues): an end date still to come; no allow for a site
 * a locked category or `lockedDomains` covers (the same lists and rule as
 * lesson allowlists, server/src/overrides/locked.ts), so no entry on the
 * dashboard can open what the school locked; and the limits every device
 * must be able to apply (src/school-lists/limits.ts).
 */
import type { ListAction } from '../../../src/school-lists/audience';
import { type ListCounts, listLimitProblems } from '../../../src/school-lists/limits';
import { type ListTarget, parseListTarget, targetHost } from '../../../src/school-lists/target';
import type { Issue } from '../http/errors';
import type { LockCheck } from '../overrides/locked';

/** A stored target's parts; what is stored was parsed by the same function, so this cannot fail. */
export function storedTarget(text: string): ListTarget {
  const result = parseListTarget(text);
  if (!result.ok) throw new Error(`stored school list target ${text} no longer reads: ${result.reason}`);
  return result.target;
}

export function endDateIssues(endsAt: string | null, now: Date): Issue[] {
  return endsAt !== null && Date.parse(endsAt) <= now.getTime() ? [{ path: 'endsAt', message: 'this end date has already passed' }] : [];
}

export function lockedAllowIssues(action: ListAction, targets: readonly string[], lockCheck: LockCheck): Issue[] {
  if (action !== 'allow') return [];
  const issues: Issue[] = [];
  targets.forEach((text, index) => {
    const refusal = lockCheck(targetHost(storedTarget(text)));
    if (refusal) issues.push({ path: `targets.${index}`, message: refusal });
  });
  return issues;
}

export function limitIssues(inForce: ListCounts, action: ListAction, targets: readonly string[]): Issue[] {
  const after = { ...inForce };
  for (const text of targets) {
    const kind = storedTarget(text).kind;
    if (action === 'block') after[kind === 'domain' ? 'blockDomains' : 'blockPaths']++;
    else after[kind === 'domain' ? 'allowDomains' : 'allowPaths']++;
  }
  return listLimitProblems(after).map((message) => ({ path: 'targets', message: `Nothing was added: ${message}.` }));
}
