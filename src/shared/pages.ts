/**
 * Extension page paths as they appear in dist/ (CRXJS keeps the source path).
 * DNR redirects need absolute chrome-extension:// URLs, so the build and the
 * worker both derive them from here.
 */
import { type CategoryId, isCategoryId } from './categories';

export const PAGE_PATHS = {
  blocked: 'src/pages/blocked.html',
  warn: 'src/pages/warn.html',
} as const;

export type PageName = keyof typeof PAGE_PATHS;

export function pageUrl(extensionId: string, page: PageName): string {
  return `chrome-extension://${extensionId}/${PAGE_PATHS[page]}`;
}

/**
 * The school's own block lists, told apart so the IT Lead knows where to
 * change one: `school` is the Admin console policy's `blockDomains`,
 * `school-list` the block list on the endpoint's dashboard. A pupil reads
 * "your school's list" for both (src/pages/shared/stop-wording.ts).
 */
export const SCHOOL_STOP_REASONS = ['school', 'school-list'] as const;
export type SchoolStopReason = (typeof SCHOOL_STOP_REASONS)[number];

/**
 * Why a page was stopped, as the redirect tells the block or warn page: a
 * category, or one of the school's own block lists.
 */
export type StopReason = CategoryId | SchoolStopReason;

export function isSchoolStop(value: unknown): value is SchoolStopReason {
  return typeof value === 'string' && (SCHOOL_STOP_REASONS as readonly string[]).includes(value);
}

export function isStopReason(value: unknown): value is StopReason {
  return isCategoryId(value) || isSchoolStop(value);
}

/**
 * The redirect target for a stopped main frame. `#\\0` appends the whole
 * matched URL (the rule's regexFilter is `^.+$`) as the fragment, which never
 * reaches a server.
 */
export function stopPageSubstitution(extensionId: string, page: PageName, reason: StopReason): string {
  return `${pageUrl(extensionId, page)}?category=${reason}#\\0`;
}

/**
 * The query parameter that marks a stop as the on-device classifier's (issue 20): no list named the
 * site, the model thought it looked like the category. The pages say "looks like", the worker's
 * commit log adds the model's score (src/background/classifier/).
 */
export const CLASSIFIED_PARAM = 'classified';

/** The classifier's redirect target: the stop page with the category it looks like, the address in the fragment. */
export function classifiedStopSubstitution(extensionId: string, page: PageName, category: CategoryId): string {
  return `${pageUrl(extensionId, page)}?category=${category}&${CLASSIFIED_PARAM}=1#\\0`;
}

/** The same page for one address (the worker's first redirect, before its session rule can act). */
export function classifiedStopUrl(extensionId: string, page: PageName, category: CategoryId, address: string): string {
  return `${pageUrl(extensionId, page)}?category=${category}&${CLASSIFIED_PARAM}=1#${address}`;
}

export function isClassifiedStop(page: URL): boolean {
  return page.searchParams.get(CLASSIFIED_PARAM) === '1';
}
