/**
 * What a committed main-frame navigation means for the log (pure). A commit
 * of our own block or warn page is a `block` or `warn` (the stopped address
 * is in its fragment, the reason in its query, and an illegal-feed stop has
 * no address at all: its block event names no host); a web page is a `navigation`,
 * plus a `search` when it is a results page. Logging detail from the policy:
 * `full` keeps URLs, `domain` keeps hosts only, `off` keeps no browsing
 * history at all, while blocks and warnings are always kept (the school's
 * safeguarding duty and the DfE standard both need them).
 */
import { isCategoryId } from '../shared/categories';
import { carriesAddress } from '../filter/rules/stop-rules';
import { isSchoolStop, isStopReason, PAGE_PATHS } from '../shared/pages';
import type { FilterEvent } from './model';
import { searchTermOf } from './search-terms';

export type LoggingDetail = 'full' | 'domain' | 'off';

type Payload<T extends FilterEvent['type']> = Omit<Extract<FilterEvent, { type: T }>, keyof import('./model').Envelope>;
export type CapturedPayload = Payload<'navigation'> | Payload<'search'> | Payload<'block'> | Payload<'warn'>;

function hostOf(address: string): string {
  try {
    return new URL(address).hostname;
  } catch {
    return '';
  }
}

export function captureCommit(address: string, extensionId: string, detail: LoggingDetail): CapturedPayload[] {
  const ours = `chrome-extension://${extensionId}/`;
  if (address.startsWith(ours)) {
    const page = new URL(address);
    const path = page.pathname.slice(1);
    const reason = page.searchParams.get('category') ?? '';
    // An illegal stop is given no address (stop-rules.ts); should one ever arrive, it is still not recorded.
    const stopped = isSchoolStop(reason) || (isCategoryId(reason) && carriesAddress(reason)) ? page.hash.slice(1) : '';
    const url = detail === 'full' && stopped ? { url: stopped } : {};
    if (path === PAGE_PATHS.blocked && isStopReason(reason)) {
      return [{ type: 'block', category: reason, host: hostOf(stopped), ...url }];
    }
    if (path === PAGE_PATHS.warn && isCategoryId(reason)) return [{ type: 'warn', category: reason, host: hostOf(stopped), ...url }];
    return [];
  }
  if (detail === 'off' || !/^https?:\/\//.test(address)) return [];
  const host = hostOf(address);
  const events: CapturedPayload[] = [{ type: 'navigation', host, ...(detail === 'full' ? { url: address } : {}) }];
  const search = searchTermOf(address);
  if (search) events.push({ type: 'search', engine: search.engine, query: search.query, host });
  return events;
}
