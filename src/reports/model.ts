/**
 * A pupil's report of a page ("Report this page"), shared by the extension
 * and the school endpoint. A report carries the same envelope as events
 * (who, which device, when) so the DSL sees it in context; it travels on its
 * own channel because it must arrive at once, not with the next log batch.
 *
 * POST  /v1/reports        body: Report            201 { id, duplicate: false } | 200 { id, duplicate: true }
 * PATCH /v1/reports/:id    body: ReportUpdate      200 { id, duplicate: false } | 403 | 404 | 409
 *   Idempotent by id: a retried POST never makes a second report. The update
 *   lets the popup send at once and add the reason and comment afterwards, and
 *   the screenshot that reason allows (src/reports/screenshot-rule.ts): the
 *   endpoint keeps a picture only if the report has none yet and the same rule
 *   allows it for the report's category and the new reason, else drops it.
 *   A new report over the endpoint's limit for its claimed device or account
 *   is 429 with Retry-After: it stays queued on the device and is sent then.
 *
 *   A report's words are evidence, so the endpoint keeps every version, and
 *   only the device that sent a report may add to it: the device makes a
 *   secret for each report and sends it with the POST (the endpoint keeps only
 *   its sha256) and with every PATCH; a PATCH without it is refused (403). The
 *   device token cannot prove this: a whole OU shares it. Once staff have acted
 *   on a report (a status change or a note) it takes no more follow-ups
 *   (409, FOLLOW_UP_CLOSED_STATUS): the pupil is asked to send a new report.
 */
import { z } from 'zod';
import { envelopeSchema } from '../events/model';
import { CATEGORY_IDS, type CategoryId } from '../shared/categories';
import { isSchoolStop, SCHOOL_STOP_REASONS } from '../shared/pages';

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

/**
 * The per-report follow-up secret: 32 random bytes as base64url (43 characters) from
 * src/reports/follow-up-secret.ts; longer ones are accepted so the size can grow.
 */
export const followUpSecretSchema = z.string().regex(/^[A-Za-z0-9_-]{43,128}$/, 'a follow-up secret is 43 to 128 base64url characters');

/** The status of a follow-up refused because staff have started on the report: final, never retried. */
export const FOLLOW_UP_CLOSED_STATUS = 409;

export const screenshotSchema = z.object({
  mime: z.literal('image/jpeg'),
  base64: z.base64().max(MAX_SCREENSHOT_BASE64_CHARS),
});

export const reportSchema = envelopeSchema.extend({
  url: z.string().max(4096),
  title: z.string().max(500),
  /** The category the page was stopped for, or the school's list that stopped it (src/shared/pages.ts), null when it was not stopped. */
  category: z.union([z.enum(CATEGORY_IDS), z.enum(SCHOOL_STOP_REASONS)]).nullable(),
  reason: reportReasonSchema,
  comment: reportCommentSchema,
  urgent: z.boolean(),
  screenshot: screenshotSchema.nullable(),
  /** Absent from older extensions: such a report is stored, but nobody can add to it. */
  followUpSecret: followUpSecretSchema.optional(),
});

export const reportUpdateSchema = z.object({
  reason: reportReasonSchema,
  comment: reportCommentSchema,
  screenshot: screenshotSchema.optional(),
  /** The secret the POST carried. Optional in the shape so that a PATCH without it is refused as forbidden (403), not as malformed. */
  followUpSecret: followUpSecretSchema.optional(),
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
    (report.category !== null && !isSchoolStop(report.category) && URGENT_CATEGORIES.includes(report.category))
  );
}
