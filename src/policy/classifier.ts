/**
 * What the on-device classifier may do, per category it decides on (issue 20): the policy's
 * `classifier` setting over safe defaults, never beyond what the profile does for the category.
 * Pure; the worker asks it nothing else.
 */
import { CLASSIFIED_CATEGORIES, type ClassifiedCategory } from '../filter/classifier/dataset';
import type { Action } from '../shared/categories';
import type { CategoryActions } from './defaults';
import type { Role } from './schema';

export const CLASSIFIER_SETTINGS = ['block', 'warn', 'off'] as const;
export type ClassifierSetting = (typeof CLASSIFIER_SETTINGS)[number];
export type ClassifierActions = Record<ClassifiedCategory, ClassifierSetting>;

/**
 * Pupils: stop what looks like pornography, gambling or a proxy; only warn on what looks like an
 * AI tool (the lists teach it too little: README, "The classifier"). Staff: nothing unless the
 * policy asks (a teacher or DSL researching a topic is not second-guessed by a model).
 */
export const DEFAULT_CLASSIFIER: Record<Role, ClassifierActions> = {
  pupil: { adult: 'block', gambling: 'block', proxy: 'block', ai: 'warn' },
  staff: { adult: 'off', gambling: 'off', proxy: 'off', ai: 'off' },
};

/** A category the profile allows is never classified; where it warns, a classifier block becomes a warning. */
function capped(setting: ClassifierSetting, profileAction: Action): ClassifierSetting {
  if (profileAction === 'allow' || setting === 'off') return 'off';
  if (profileAction === 'warn') return 'warn';
  return setting;
}

export function classifierActions(role: Role, asked: Partial<ClassifierActions> | undefined, actions: CategoryActions): ClassifierActions {
  const out = { ...DEFAULT_CLASSIFIER[role] };
  for (const category of CLASSIFIED_CATEGORIES) out[category] = capped(asked?.[category] ?? out[category], actions[category]);
  return out;
}
