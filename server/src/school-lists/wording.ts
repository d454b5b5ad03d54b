/**
 * How a school list change reads in a report's trail (pure): what was done to
 * which site, for whom, and why, so the DSL reading the report sees the
 * outcome without opening the list. The entry is named by id beside it.
 */
import { describeAudience } from '../../../src/school-lists/audience';
import type { SchoolListChangeKind, SchoolListEntry } from '../store/rows';

function until(endsAt: string | null): string {
  return endsAt === null ? '' : ` until ${endsAt}`;
}

export function reportTrailNote(entry: SchoolListEntry, change: SchoolListChangeKind, reason: string): string {
  const list = entry.action === 'block' ? 'block list' : 'allow list';
  const who = describeAudience(entry.audience);
  switch (change) {
    case 'added':
      return `${entry.action === 'block' ? 'Blocked' : 'Allowed'} ${entry.target} for ${who}${until(entry.endsAt)} on the school's ${list}: ${reason}`;
    case 'edited':
      return `Changed ${entry.target} on the school's ${list}: now for ${who}${until(entry.endsAt)}: ${reason}`;
    case 'removed':
      return `Removed ${entry.target} from the school's ${list}: ${reason}`;
    case 'expired':
      return `${entry.target} left the school's ${list} at its end date`;
  }
}
