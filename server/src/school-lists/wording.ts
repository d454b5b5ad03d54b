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

/** What a classifier review's trail says the reviewer saw, beside their own words (`reason`). */
export interface ClassifierReviewFacts {
  decision: 'confirm' | 'reject';
  /** The categories it looked like, most stops first. */
  categories: readonly string[];
  topScore: number;
  blocks: number;
  warnings: number;
  pupils: number;
  days: number;
}

/** How many of the reviewer's own characters fit beside the facts within the lists' 500-character reason. */
export const CLASSIFIER_REVIEW_REASON_MAX = 300;

/**
 * The reason a classifier review's entry and trail row carry: marked as a classifier review, what the
 * model stopped, and the reviewer's words. Built by the endpoint from the stored counts, never by the page.
 */
export function classifierReviewReason(facts: ClassifierReviewFacts, reason: string): string {
  const [looked = 'unknown', ...others] = facts.categories;
  const category = `${looked.replaceAll('-', ' ')}${others.length > 0 ? ` (and ${others.length} other ${others.length === 1 ? 'category' : 'categories'})` : ''}`;
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const seen = `highest score ${facts.topScore.toFixed(2)}; ${plural(facts.blocks, 'block')}, ${plural(facts.warnings, 'warning')}, ${plural(facts.pupils, 'pupil')} in the last ${plural(facts.days, 'day')}`;
  const verdict = facts.decision === 'confirm' ? 'confirmed' : 'rejected (the model was wrong)';
  return `Classifier review, ${verdict}: looked like ${category} (${seen}). ${reason}`;
}
