/**
 * Extension page paths as they appear in dist/ (CRXJS keeps the source path).
 * DNR redirects need absolute chrome-extension:// URLs, so the build and the
 * worker both derive them from here.
 */
export const PAGE_PATHS = {
  blocked: 'src/pages/blocked.html',
} as const;

export type PageName = keyof typeof PAGE_PATHS;

export function pageUrl(extensionId: string, page: PageName): string {
  return `chrome-extension://${extensionId}/${PAGE_PATHS[page]}`;
}
