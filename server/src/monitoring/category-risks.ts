/**
 * Which filter categories (src/shared/categories.ts) are evidence of which risk
 * (risks.ts), and how severe one block or warning in each is on its own. Pure.
 *
 * The severities follow how quickly harm can follow and how often a stop is
 * innocent, the way the UK Safer Internet Centre's checklist asks providers to
 * prioritise:
 * - `illegal` is critical: the school's licensed feed (IWF child sexual abuse
 *   imagery, CTIRU terrorist content); reaching for it is a crime and a child
 *   protection matter whatever the pupil meant. Illegal is always blocked, never warned.
 * - `self-harm` and `extremism` are high: a risk to life, and the Prevent duty;
 *   the DSL should hear the same day. A warning (the school let pupils go on)
 *   is medium: the school judged those sites less strictly.
 * - `drugs`, `violence` and `hate` are medium: real harm, rarely immediate; a warning low.
 * - `adult` and `gambling` are low: common teenage curiosity, where a pattern
 *   (repeats, below) matters more than one stop. Signs of exploitation come from
 *   words (the phrase lists), not from a category block.
 * Repeated blocks raise one step (incident.ts).
 */
import type { CategoryId } from '../../../src/shared/categories';
import type { RiskId, Severity } from './risks';

export interface CategoryRisk {
  risk: RiskId;
  block: Severity;
  warn: Severity;
}

export const CATEGORY_RISKS: Partial<Record<CategoryId, CategoryRisk>> = {
  illegal: { risk: 'illegal', block: 'critical', warn: 'critical' },
  'self-harm': { risk: 'self-harm', block: 'high', warn: 'medium' },
  extremism: { risk: 'extremism', block: 'high', warn: 'medium' },
  drugs: { risk: 'drugs', block: 'medium', warn: 'low' },
  violence: { risk: 'violence', block: 'medium', warn: 'low' },
  hate: { risk: 'discrimination', block: 'medium', warn: 'low' },
  adult: { risk: 'pornography', block: 'low', warn: 'low' },
  gambling: { risk: 'gambling', block: 'low', warn: 'low' },
};

/** The risk a stop in this category is evidence of, or null (games, social, the school's own lists...). */
export function categoryRisk(category: string): CategoryRisk | null {
  return Object.hasOwn(CATEGORY_RISKS, category) ? CATEGORY_RISKS[category as CategoryId]! : null;
}
