/**
 * What a report is about, from the tab as Chrome describes it (pure).
 *
 * A tab showing our block or warn page is a report about the page that was
 * stopped: its address is in our page's fragment and the reason in its query
 * (the same contract the pages themselves read), never our extension page.
 * An `illegal` stop names nothing (stop-rules.ts `carriesAddress`): the
 * feed's addresses are never carried, in the log or in a report. A page that has no web address (a new tab, a
 * browser page) is still reportable: what upset a pupil matters more than the
 * address.
 */
import { carriesAddress } from '../filter/rules/stop-rules';
import { isStopReason, PAGE_PATHS, type StopReason } from '../shared/pages';

export const MAX_URL_CHARS = 4096;
export const MAX_TITLE_CHARS = 500;

export interface ReportTarget {
  url: string;
  title: string;
  /** Why the page was stopped; null for a page that showed (filled in later from the lists, see listedCategory). */
  category: StopReason | null;
  /** Set when the tab showed our block or warn page rather than the site. */
  stopPage: 'blocked' | 'warn' | null;
}

function stopReasonOf(value: string | null): StopReason | null {
  return isStopReason(value) ? value : null;
}

export function targetOfPage(pageUrl: string | undefined, pageTitle: string | undefined, extensionId: string): ReportTarget {
  const url = pageUrl ?? '';
  const ours = `chrome-extension://${extensionId}/`;
  if (url.startsWith(ours)) {
    const page = new URL(url);
    const path = page.pathname.slice(1);
    const stopPage = path === PAGE_PATHS.blocked ? 'blocked' : path === PAGE_PATHS.warn ? 'warn' : null;
    if (!stopPage) return { url: '', title: '', category: null, stopPage: null };
    const category = stopReasonOf(page.searchParams.get('category'));
    const stopped = page.hash.slice(1);
    return { url: category !== null && !carriesAddress(category) ? '' : stopped.slice(0, MAX_URL_CHARS), title: '', category, stopPage };
  }
  return { url: url.slice(0, MAX_URL_CHARS), title: (pageTitle ?? '').slice(0, MAX_TITLE_CHARS), category: null, stopPage: null };
}

/** The host for the log's `report` pointer event; empty when there is none. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** Only a web page the pupil is looking at is worth a picture; a block or warn page is ours. */
export function isWebPage(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
