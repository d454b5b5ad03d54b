/**
 * A pupil's report of a page ("Report this page"), shared by the extension
 * and the school endpoint. A report carries the same envelope as events
 * (who, which device, when) so the DSL sees it in context; it travels on its
 * own channel because it must arrive at once, not with the next log batch.
 *
 * POST  /v1/reports        body: Report            201 { id, duplicate: false } | 200 { id, duplicate: true }
 * PATCH /v1/reports/:id    body: ReportUpdate      200 { id, duplicate: false } | 404 unknown id
 *   A new report over the endpoint's limit for its claimed device or account
 *   is 429 with Retry-After: it stays queued on the device and is sent then.
 *   Idempotent by id: a retried POST never makes a second report. The update
 *   lets the popup send at once and add the reason and comment afterwards, and
 *   the screenshot that reason allows (src/reports/screenshot-rule.ts): the
 *   endpoint keeps a picture only if the report has none yet and the same rule
 *   allows it for the report's category and the new reason, else drops it.
 */
import { z } from 'zod';
import { envelopeSchema } from '../events/model';
import { CATEGORY_IDS, type CategoryId } from '../shared/categories';

export const REPORT_REASONS = [
  'upset',
  'rude-or-unsuitable',
  'unkind-to-me',
  'stranger-contact',
  'should-not-be-blocked',
  'something-else',
  'under-blocking',
  'over-blocking',
  'safeguarding-concern',
] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** Reasons a DSL must see first: harm to the child rather than a filtering mistake. */
export const URGENT_REASONS: readonly ReportReason[] = ['stranger-contact', 'unkind-to-me', 'safeguarding-concern', 'upset'];
export const URGENT_CATEGORIES: readonly CategoryId[] = ['self-harm'];

/** ~400 KB of JPEG, as base64 (4 characters per 3 bytes). */
export const MAX_SCREENSHOT_BYTES = 400 * 1024;
export const MAX_SCREENSHOT_BASE64_CHARS = Math.ceil(MAX_SCREENSHOT_BYTES / 3) * 4;

export const reportReasonSchema = z.enum(REPORT_REASONS).nullable();
export const reportCommentSchema = z.string().max(2000).nullable();

export const screenshotSchema = z.object({
  mime: z.literal('image/jpeg'),
  base64: z.base64().max(MAX_SCREENSHOT_BASE64_CHARS),
});

export const reportSchema = envelopeSchema.extend({
  url: z.string().max(4096),
  title: z.string().max(500),
  /** The category the page was stopped for, `school` for the admin's block list, null when it was not stopped. */
  category: z.union([z.enum(CATEGORY_IDS), z.literal('school')]).nullable(),
  reason: reportReasonSchema,
  comment: reportCommentSchema,
  urgent: z.boolean(),
  screenshot: screenshotSchema.nullable(),
});

export const reportUpdateSchema = z.object({
  reason: reportReasonSchema,
  comment: reportCommentSchema,
  screenshot: screenshotSchema.optional(),
});

export const reportReplySchema = z.object({
  id: z.uuid(),
  /** True when this id had already been received: nothing new was stored. */
  duplicate: z.boolean(),
});

export type Report = z.infer<typeof reportSchema>;
export type ReportUpdate = z.infer<typeof reportUpdateSchema>;
export type ReportReply = z.infer<typeof reportReplySchema>;

export function reportPath(id: string): string {
  return `/v1/reports/${encodeURIComponent(id)}`;
}

/**
 * Whether a report needs a DSL first. Both ends compute it: the extension to
 * say so to the pupil, the endpoint because it never trusts a client to
 * under-report (a client's `urgent: true` is kept, a `false` is rechecked).
 */
export function isUrgent(report: Pick<Report, 'reason' | 'category'>): boolean {
  return (
    (report.reason !== null && URGENT_REASONS.includes(report.reason)) ||
    (report.category !== null && report.category !== 'school' && URGENT_CATEGORIES.includes(report.category))
  );
}
