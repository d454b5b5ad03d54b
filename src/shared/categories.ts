/**
 * Category ids are a stable contract (DESIGN.md): they appear in policy JSON,
 * ruleset ids, events and the endpoint's database. Never rename one.
 */
export const CATEGORY_IDS = [
  'illegal',
  'adult',
  'gambling',
  'drugs',
  'extremism',
  'violence',
  'self-harm',
  'hate',
  'malware',
  'piracy',
  'proxy',
  'social',
  'ai',
  'games',
  'chat',
  'dating',
  'streaming',
] as const;

export type CategoryId = (typeof CATEGORY_IDS)[number];

export const ACTIONS = ['allow', 'warn', 'block'] as const;
export type Action = (typeof ACTIONS)[number];

export function isCategoryId(value: unknown): value is CategoryId {
  return typeof value === 'string' && (CATEGORY_IDS as readonly string[]).includes(value);
}
