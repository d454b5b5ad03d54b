/**
 * Who a school list entry is for, and which entries a device gets (pure; the
 * endpoint filters with this, so the rule is written once). An entry is for
 * everyone (staff too), for pupils, or for some key stages or year groups.
 *
 * A pupil whose year group the device could not work out is filtered by the
 * strictest profile (README, "Fail closed"), and the school lists follow the
 * same rule: that pupil gets every pupil block, whatever year it names, and
 * only the allows meant for all pupils. Unknown never opens more.
 */
import { KEY_STAGES, type KeyStage, keyStageOf, YEAR_GROUPS, type YearGroup } from '../policy/year-groups';

export const LIST_ACTIONS = ['block', 'allow'] as const;
export type ListAction = (typeof LIST_ACTIONS)[number];

export const LIST_SCOPES = ['everyone', 'pupils', 'key-stages', 'year-groups'] as const;
export type ListScope = (typeof LIST_SCOPES)[number];

export type ListAudience =
  | { scope: 'everyone' }
  | { scope: 'pupils' }
  | { scope: 'key-stages'; keyStages: KeyStage[] }
  | { scope: 'year-groups'; yearGroups: YearGroup[] };

/** Who is asking: what a device knows of its profile. */
export interface ListReader {
  role: 'pupil' | 'staff';
  /** Null for staff, and for a pupil whose year group is unknown (strictest profile). */
  yearGroup: YearGroup | null;
}

export function listApplies(audience: ListAudience, action: ListAction, reader: ListReader): boolean {
  if (audience.scope === 'everyone') return true;
  if (reader.role !== 'pupil') return false;
  if (audience.scope === 'pupils') return true;
  // Unknown year group: every pupil block, no year-specific allow.
  if (reader.yearGroup === null) return action === 'block';
  return audience.scope === 'key-stages' ? audience.keyStages.includes(keyStageOf(reader.yearGroup)) : audience.yearGroups.includes(reader.yearGroup);
}

/** One key per distinct reply: the endpoint's ETag and reply cache are per key. */
export function readerKey(reader: ListReader): string {
  if (reader.role === 'staff') return 'staff';
  return reader.yearGroup ? `pupil-${reader.yearGroup}` : 'pupil';
}

/** Key stages and year groups in school order, whatever order they were picked in. */
export function normaliseAudience(audience: ListAudience): ListAudience {
  if (audience.scope === 'key-stages') return { scope: 'key-stages', keyStages: KEY_STAGES.filter((stage) => audience.keyStages.includes(stage)) };
  if (audience.scope === 'year-groups') return { scope: 'year-groups', yearGroups: YEAR_GROUPS.filter((year) => audience.yearGroups.includes(year)) };
  return audience;
}

/** "everyone", "pupils", "KS3, KS4", "Y7, Y8": how the dashboard and trails name an audience. */
export function describeAudience(audience: ListAudience): string {
  switch (audience.scope) {
    case 'everyone':
      return 'everyone (staff too)';
    case 'pupils':
      return 'all pupils';
    case 'key-stages':
      return audience.keyStages.join(', ');
    case 'year-groups':
      return audience.yearGroups.join(', ');
  }
}
