/**
 * Who may use the lesson panel, decided here in the worker and never by the
 * page: the applied profile's role is staff, the policy names an endpoint,
 * and a school account is signed in. Checked again for every create and end,
 * since any of the three can change while the popup is open.
 */
import type { LessonPanelUnavailable } from '../../overrides/panel';
import type { Profile } from '../../policy/profile';
import { type Endpoint, readEndpoint } from '../endpoint';
import { readIdentity } from '../identity';
import type { WorkerState } from '../worker-state';

export interface TeacherDeps {
  /** The worker's state once the policy is applied. */
  state(): Promise<WorkerState>;
}

export type TeacherContext = { ok: true; profile: Profile; endpoint: Endpoint; teacher: string } | { ok: false; why: LessonPanelUnavailable };

export async function teacherContext(deps: TeacherDeps): Promise<TeacherContext> {
  const { profile } = await deps.state();
  if (profile?.role !== 'staff') return { ok: false, why: 'not-staff' };
  const endpoint = await readEndpoint();
  if (!endpoint) return { ok: false, why: 'no-endpoint' };
  // Read now rather than from the applied state: a teacher may sign in after the policy was applied,
  // and a staff profile does not depend on the account, so nothing re-applies it.
  const { email: teacher } = await readIdentity();
  if (!teacher) return { ok: false, why: 'not-signed-in' };
  return { ok: true, profile, endpoint, teacher };
}
