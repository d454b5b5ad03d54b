/**
 * Building a report and changing it (pure). The envelope (who, which device,
 * when) comes from the worker's state, exactly as for events, so the DSL can
 * put the report beside the log.
 */
import type { Envelope } from '../events/model';
import { newFollowUpSecret } from './follow-up-secret';
import { isUrgent, type Report, type ReportReason, type ReportUpdate } from './model';
import { hostOf, type ReportTarget } from './page-target';

/** Each report gets its own follow-up secret: only the device holding it may add to the report (model.ts). */
export function buildReport(base: Envelope, target: ReportTarget, reason: ReportReason | null, followUpSecret: string = newFollowUpSecret()): Report {
  return {
    ...base,
    url: target.url,
    title: target.title,
    category: target.category,
    reason,
    comment: null,
    urgent: isUrgent({ reason, category: target.category }),
    screenshot: null,
    followUpSecret,
  };
}

/** The pupil's reason and comment, added after the one-click send. Like the endpoint, never makes an urgent report non-urgent. */
export function withFollowUp(report: Report, update: ReportUpdate): Report {
  const comment = update.comment?.trim() ? update.comment.trim() : null;
  return { ...report, reason: update.reason, comment, urgent: report.urgent || isUrgent({ reason: update.reason, category: report.category }) };
}

/** The log's pointer to a report: the report itself travels on its own channel. */
export function reportEventPayload(report: Report): { type: 'report'; reportId: string; category: Report['category']; host: string } {
  return { type: 'report', reportId: report.id, category: report.category, host: hostOf(report.url) };
}
