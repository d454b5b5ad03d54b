/**
 * The illegal-feed rule (`carriesAddress`, src/filter/rules/stop-rules.ts)
 * applied to records, so it holds at both ends: the device never captures an
 * illegal-feed address, and the endpoint, which cannot trust a device to
 * have followed the rule (an old version, or a forged upload), drops any it is
 * sent before storing. Pure.
 */
import { carriesAddress } from '../filter/rules/stop-rules';
import type { Report } from '../reports/model';
import type { StopReason } from '../shared/pages';
import type { FilterEvent } from './model';

function uncarried(category: StopReason | null | undefined): boolean {
  return category !== null && category !== undefined && !carriesAddress(category);
}

/** The event with no host or URL when its category carries no address; otherwise unchanged. */
export function eventWithoutUncarriedAddress(event: FilterEvent): FilterEvent {
  if (!('category' in event) || !uncarried(event.category) || !('host' in event)) return event;
  const { url: _url, ...rest } = event as FilterEvent & { url?: string };
  return { ...rest, host: '' } as FilterEvent;
}

/** The report with no address or title when its category carries no address; otherwise unchanged. */
export function reportWithoutUncarriedAddress<R extends Pick<Report, 'category' | 'url' | 'title'>>(report: R): R {
  return uncarried(report.category) ? { ...report, url: '', title: '' } : report;
}
