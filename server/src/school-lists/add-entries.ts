/**
 * The one way an entry is added to the school lists, whoever asks: the School lists page and a report's
 * page (POST /dashboard/api/school-lists) and a classifier review (POST /dashboard/api/classified-sites/
 * decisions). Who may (permissions.ts), the school's rules (checks.ts: an end date to come, no allow for
 * what the school locked, the limits every device can apply), and a site on a list once (409 naming the
 * entry to change). Each refusal is an HttpError with the status and sentence the dashboard shows.
 */
import { describeAudience } from '../../../src/school-lists/audience';
import type { SchoolListAdd } from '../../../src/school-lists/model';
import type { AppContext } from '../context';
import type { SchoolListAddReply } from '../dashboard-api/types';
import { HttpError, type Issue } from '../http/errors';
import type { ReportLink, StaffActor } from '../store/store';
import { endDateIssues, limitIssues, lockedAllowIssues, storedTarget } from './checks';
import { schoolListRefusal, type SchoolListChangeRequest } from './permissions';
import { listSchoolsOf, TRUST_WIDE } from '../schools/scope';

/** What is added: the entries' own fields (a report link is passed beside them). */
export type SchoolListAddition = Pick<SchoolListAdd, 'action' | 'targets' | 'audience' | 'reason' | 'endsAt'>;

/** 403 with the reason when this role may not make this change. */
export function refuseUnlessAllowed(staff: StaffActor, change: SchoolListChangeRequest): void {
  const refusal = schoolListRefusal(staff.role, change);
  if (refusal) throw new HttpError(403, refusal);
}

function refuseUnless422(issues: Issue[], what: string): void {
  if (issues.length > 0) throw new HttpError(422, what, issues);
}

/**
 * Adds every target or none to `school`'s list (one school's, or "trust": every school's devices), as `staff`, and
 * returns what was added. The limits are those of the devices that will apply it: a school's take the trust's
 * entries and their own; a trust-wide entry is counted against every entry held, as some school's devices may take them all.
 */
export async function addSchoolListEntries(context: AppContext, staff: StaffActor, add: SchoolListAddition, link: ReportLink | null, school: string): Promise<SchoolListAddReply> {
  refuseUnlessAllowed(staff, { kind: 'add', action: add.action });
  const store = context.store.schoolLists;
  const now = context.now();
  refuseUnless422(
    [...endDateIssues(add.endsAt, now), ...lockedAllowIssues(add.action, add.targets, context.schoolListLockCheck)],
    add.action === 'allow' ? 'the school does not allow this: nothing was added' : 'nothing was added',
  );
  await store.expireDue(now);
  const counts = await store.counts(school === TRUST_WIDE ? undefined : listSchoolsOf(school));
  refuseUnless422(limitIssues(counts, add.action, add.targets), 'the school lists cannot hold this: nothing was added');
  const entries = add.targets.map((target) => ({ action: add.action, target, kind: storedTarget(target).kind, audience: add.audience, reason: add.reason, endsAt: add.endsAt, school }));
  const result = await store.add(entries, staff, now, link);
  if ('alreadyListed' in result) {
    const issues = result.alreadyListed.map((held) => ({
      path: `targets.${add.targets.indexOf(held.target)}`,
      message: `${held.target} is already on the ${held.action} list (for ${describeAudience(held.audience)}, entry ${held.id}): change that entry instead`,
    }));
    throw new HttpError(409, 'already on the list: nothing was added', issues);
  }
  return result;
}
