/**
 * The block and warn pages learn the stopped address from their own
 * fragment: the DNR rule's regexSubstitution appends the original URL after
 * '#', so it never reaches a server. The query carries the reason.
 */
import { CLASSIFIED_PARAM } from '../../shared/pages';

export interface BlockedTarget {
  url: string;
  host: string;
  /** A category id, `school` for the admin's block list, or null. */
  category: string | null;
  /** The on-device classifier stopped it (no list names the site): the page says "looks like". */
  classified: boolean;
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
  return { url, host, category: params.get('category'), classified: params.get(CLASSIFIED_PARAM) === '1' };
}
