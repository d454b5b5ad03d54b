/**
 * Extension page paths as they appear in dist/ (CRXJS keeps the source path).
 * DNR redirects need absolute chrome-extension:// URLs, so the build and the
 * worker both derive them from here.
 */
import type { CategoryId } from './categories';

export const PAGE_PATHS = {
  blocked: 'src/pages/blocked.html',
  warn: 'src/pages/warn.html',
} as const;

export type PageName = keyof typeof PAGE_PATHS;

export function pageUrl(extensionId: string, page: PageName): string {
  return `chrome-extension://${extensionId}/${PAGE_PATHS[page]}`;
}

/**
 * Why a page was stopped, as the redirect tells the block or warn page: a
 * category, or `school` for the admin's own blockDomains list.
 */
export type StopReason = CategoryId | 'school';

/**
 * The redirect target for a stopped main frame. `#\\0` appends the whole
 * matched URL (the rule's regexFilter is `^.+$`) as the fragment, which never
 * reaches a server.
 */
export function stopPageSubstitution(extensionId: string, page: PageName, reason: StopReason): string {
  return `${pageUrl(extensionId, page)}?category=${reason}#\\0`;
}
