/**
 * The block page learns the blocked address from its own fragment: the DNR
 * rule's regexSubstitution appends the original URL after '#', so it never
 * reaches a server. Query parameters carry the category and action.
 */
export interface BlockedTarget {
  url: string;
  host: string;
  category: string | null;
  action: string | null;
}

export function readBlockedTarget(location: Pick<Location, 'hash' | 'search'>): BlockedTarget {
  const url = location.hash.startsWith('#') ? location.hash.slice(1) : location.hash;
  const params = new URLSearchParams(location.search);
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    // A malformed fragment shows as an unknown site rather than breaking the page.
  }
  return { url, host, category: params.get('category'), action: params.get('action') };
}
