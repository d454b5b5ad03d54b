/**
 * Priority bands for every declarativeNetRequest rule the extension makes.
 * Higher priority wins in DNR, so the order here is the order of authority
 * (DESIGN.md, "Priority bands"). Each band is an inclusive [min, max] range;
 * a test keeps every compiled and planned rule inside its band.
 *
 * Rule ids are banded the same way so a rule's origin is readable from its id
 * and static, dynamic and session rules never collide in logs.
 */
export const PRIORITY = {
  /** Category rules: redirect main frames to the block / warn page, block the rest. */
  category: { min: 1, max: 99 },
  /** "Continue" on a warn page: tab-scoped session allow, time-limited. */
  warnContinue: { min: 100, max: 199 },
  /** Never-block education and safeguarding sites. */
  neverBlock: { min: 200, max: 219 },
  /**
   * Path-level entries of blocked categories: one listed page (a phishing form
   * on docs.google.com) is more specific than a never-block domain, so it wins
   * over never-block; the admin's own allowDomains still win over it.
   */
  categoryPath: { min: 220, max: 239 },
  /** Admin allowDomains, approved AI tools, and the dashboard's allow list (school lists). */
  adminAllow: { min: 240, max: 299 },
  /** Teachers' lesson allowlists. */
  lessonAllow: { min: 300, max: 399 },
  /** Safe search redirects and the YouTube-Restrict header. */
  safeSearch: { min: 400, max: 499 },
  /** Admin blockDomains, the dashboard's block list and the licensed illegal feed: nothing outranks these. */
  highest: { min: 500, max: 599 },
} as const;

export type Band = keyof typeof PRIORITY;

/** Within the category band a block must beat a warn for a domain listed in both. */
export const CATEGORY_PRIORITY = {
  warn: 10,
  block: 20,
} as const;

/** Path-level entries: a blocked page sits in its own band; a warned one stays with its category. */
export const CATEGORY_PATH_PRIORITY = {
  warn: CATEGORY_PRIORITY.warn,
  block: 230,
} as const;

/**
 * The illegal feed sits above the admin block list so its block page is the
 * generic one. The dashboard's block list sits just below the policy's
 * blockDomains: where both name a site, the page names the policy, the list
 * that must change for the site to open.
 */
export const HIGHEST_PRIORITY = {
  schoolListBlock: 505,
  adminBlock: 510,
  illegal: 590,
} as const;

export function bandOf(priority: number): Band | undefined {
  for (const [band, range] of Object.entries(PRIORITY) as [Band, { min: number; max: number }][]) {
    if (priority >= range.min && priority <= range.max) return band;
  }
  return undefined;
}

/** Priorities of the allow and redirect rules the planner and worker make. */
export const RULE_PRIORITY = {
  warnContinue: 150,
  neverBlock: 210,
  adminAllow: 250,
  /** The dashboard's allow list sits with the policy's allowDomains: below every block, lessons alike. */
  schoolListAllow: 250,
  lessonAllow: 350,
  safeSearch: 450,
  /**
   * The on-device classifier's session rules: the lowest of the category band, so any list that
   * names the site, every allow and a warn "Continue" all outrank a model's guess.
   */
  classifier: 5,
} as const;

/**
 * Rule id ranges for dynamic and session rules, banded like the priorities so
 * a rule's origin is readable from its id. Static rulesets number their own
 * rules from 1 (ids are per ruleset there).
 */
export const RULE_ID = {
  warnContinue: { min: 1_000, max: 1_999 },
  adminAllow: { min: 2_000, max: 2_999 },
  lessonAllow: { min: 3_000, max: 3_999 },
  safeSearch: { min: 4_000, max: 4_999 },
  adminBlock: { min: 5_000, max: 5_999 },
  /** The dashboard's block list: one rule for every domain, then one per address (school-list-rules.ts). */
  schoolListBlock: { min: 6_000, max: 8_999 },
  /** The dashboard's allow list, the same way. */
  schoolListAllow: { min: 9_000, max: 11_999 },
  /** `safeSearch.youtube: "block"`: in the category band, so lesson and admin allows open it. */
  youtubeBlock: { min: 12_000, max: 12_099 },
  /** The classifier's session rules: one per category and action, holding every host it decided (classifier/session-rules.ts). */
  classifier: { min: 12_100, max: 12_199 },
} as const;
