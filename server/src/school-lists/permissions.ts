/**
 * Who may change the school lists. Only dashboard accounts, never a device or
 * staff token: the lists reach every device in the school, and every pupil
 * can read their OU's token. Of the dashboard roles:
 *
 * - the IT Lead runs the filter: adds, edits and removes block and allow entries;
 * - a DSL may add a block, so an unsuitable site a pupil reported can be shut
 *   at once from the report, without waiting for the IT Lead; but nothing that
 *   opens a site: no allow, and no edit or removal (narrowing who a block is
 *   for, or ending it, opens the site as surely as an allow does). A DSL who
 *   blocked by mistake asks the IT Lead, and the trail shows both.
 *
 * Pure; the dashboard shows only what the signed-in role may do, and the
 * endpoint decides again with this.
 */
import type { ListAction } from '../../../src/school-lists/audience';
import type { DashboardRole } from '../dashboard-api/types';

export type SchoolListChangeRequest = { kind: 'add'; action: ListAction } | { kind: 'edit' } | { kind: 'remove' };

/** Why this role may not make this change, or null when it may. */
export function schoolListRefusal(role: DashboardRole, change: SchoolListChangeRequest): string | null {
  if (role === 'it-lead') return null;
  if (change.kind === 'add' && change.action === 'block') return null;
  return change.kind === 'add'
    ? 'only the IT Lead may allow a site: a DSL may block one'
    : `only the IT Lead may ${change.kind} an entry (it can open a site): a DSL may add blocks`;
}
