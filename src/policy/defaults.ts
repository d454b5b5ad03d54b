/**
 * Default category actions, by key stage and for staff, grounded in the two
 * seed school policies (README, "Default filtering and why"). A school changes
 * any of them per key stage or year group through `categoryActions`.
 */
import type { Action, CategoryId } from '../shared/categories';
import { CATEGORY_IDS } from '../shared/categories';
import type { KeyStage } from './year-groups';

export type CategoryActions = Record<CategoryId, Action>;

function actions(block: CategoryId[], warn: CategoryId[] = []): CategoryActions {
  const result = {} as CategoryActions;
  for (const id of CATEGORY_IDS) result[id] = block.includes(id) ? 'block' : warn.includes(id) ? 'warn' : 'allow';
  return result;
}

/**
 * Blocked for everyone, staff included, and in force from the first moment of
 * an install (enabled in the manifest) before any policy has been read.
 */
export const HARMFUL_CATEGORIES: readonly CategoryId[] = ['illegal', 'adult', 'gambling', 'extremism', 'hate', 'malware', 'proxy', 'piracy'];

/** Harmful to children though a teacher or DSL may need to research them. */
const HARMFUL_TO_PUPILS: CategoryId[] = [...HARMFUL_CATEGORIES, 'drugs', 'violence', 'self-harm', 'dating'];

export const STRICTEST_ACTIONS: CategoryActions = actions([...CATEGORY_IDS]);

const PRIMARY = actions([...HARMFUL_TO_PUPILS, 'social', 'ai', 'games', 'chat', 'streaming']);

export const DEFAULT_ACTIONS: Record<KeyStage | 'staff', CategoryActions> = {
  EYFS: PRIMARY,
  KS1: PRIMARY,
  KS2: PRIMARY,
  KS3: actions([...HARMFUL_TO_PUPILS, 'games', 'chat', 'streaming'], ['social', 'ai']),
  KS4: actions([...HARMFUL_TO_PUPILS, 'chat'], ['social', 'ai', 'games', 'streaming']),
  KS5: actions([...HARMFUL_TO_PUPILS], ['social', 'ai', 'games', 'chat', 'streaming']),
  staff: actions([...HARMFUL_CATEGORIES]),
};

/** Teachers may never open these; `illegal` is added whatever the policy says. */
export const DEFAULT_LOCKED_CATEGORIES: readonly CategoryId[] = ['illegal', 'adult', 'malware'];

/**
 * YouTube per profile: `block`, or Restricted Mode `strict` / `moderate`
 * (the YouTube-Restrict header), or `off`. YouTube is not in any category
 * list (src/filter/youtube.ts): this is the one place it is decided.
 */
export const YOUTUBE_SETTINGS = ['block', 'strict', 'moderate', 'off'] as const;
export type YouTubeSetting = (typeof YOUTUBE_SETTINGS)[number];

export interface SafeSearch {
  google: boolean;
  bing: boolean;
  duckduckgo: boolean;
  youtube: YouTubeSetting;
}

/**
 * YouTube: blocked for primary pupils (the primary policy: "Use of video
 * broadcasting e.g. Youtube: N"), open in Restricted Mode (moderate) for
 * secondary pupils, who use it for lessons and revision and whose policy does
 * not forbid it, and unrestricted for staff. The strictest pupil profile
 * (year group unknown) takes the primary defaults.
 */
export const DEFAULT_SAFE_SEARCH: Record<'primary' | 'secondary' | 'staff', SafeSearch> = {
  primary: { google: true, bing: true, duckduckgo: true, youtube: 'block' },
  secondary: { google: true, bing: true, duckduckgo: true, youtube: 'moderate' },
  staff: { google: true, bing: true, duckduckgo: true, youtube: 'off' },
};

export const DEFAULT_CONTACT = 'If you think this is a mistake, ask your teacher or the school IT team.';
export const DEFAULT_UPLOAD_INTERVAL_MINUTES = 5;

/** Long enough to finish a task, short enough that a warning is seen again next lesson. */
export const DEFAULT_WARN_CONTINUE_MINUTES = 15;
