/**
 * Rate limits on new reports (issue 16, finding 3), per claimed device and per
 * claimed account: 20 in any 5 minutes each.
 *
 * Not per token or per address: a school's Chromebooks share one OU token and
 * sit behind one NAT address, so such a limit would let one pupil stop every
 * pupil's reports. The device and account in a report are only claims, cheap
 * to vary, so these limits stop one device or one pupil flooding, not a
 * determined attacker; flood alerts (floods.ts) and the paged queue make sure
 * such a flood is seen and buries nothing.
 *
 * Counted from the reports table itself: a restart forgets nothing and every
 * endpoint process sharing the database sees the same counts. A refused
 * report stays queued on the device and is sent again after Retry-After (the
 * window is no longer than the extension's report backoff cap, so it is
 * honoured exactly: test/unit/report-outbox.test.ts checks the two agree).
 */
import type { Report } from '../../../src/reports/model';
import { deviceKey } from '../store/device-key';
import type { ReportSender, ReportStore } from '../store/store';
import { retryAfterSeconds, windowDecision, type WindowLimit } from './window';

export const REPORT_LIMIT_WINDOW_MS = 5 * 60_000;
export const REPORT_LIMITS = {
  device: { max: 20, windowMs: REPORT_LIMIT_WINDOW_MS },
  account: { max: 20, windowMs: REPORT_LIMIT_WINDOW_MS },
} as const satisfies Record<string, WindowLimit>;

export interface ReportRefusal {
  limited: 'device' | 'account';
  retryAfterSeconds: number;
}

/** The claimed device and account, when there is one to count: an empty account or a device with no ids at all counts nothing, or it would lump unrelated pupils together. */
function sendersOf(report: Report): { limited: ReportRefusal['limited']; sender: ReportSender }[] {
  const senders: { limited: ReportRefusal['limited']; sender: ReportSender }[] = [];
  const device = deviceKey(report);
  if (device !== 'user:') senders.push({ limited: 'device', sender: { deviceKey: device } });
  if (report.user !== '') senders.push({ limited: 'account', sender: { user: report.user } });
  return senders;
}

/** Null when this new report may be stored; else which limit refuses it and for how long. */
export async function reportRefusal(reports: ReportStore, report: Report, now: Date): Promise<ReportRefusal | null> {
  for (const { limited, sender } of sendersOf(report)) {
    const limit = REPORT_LIMITS[limited];
    const decision = windowDecision(await reports.receivedSince(sender, new Date(now.getTime() - limit.windowMs)), now, limit);
    if (!decision.allowed) return { limited, retryAfterSeconds: retryAfterSeconds(decision.retryAfterMs) };
  }
  return null;
}
