/**
 * From what a teacher filled in to the request the endpoint stores (pure).
 * The popup runs the same checks before sending, so a teacher sees every
 * problem at once beside its field; the worker runs them again because the
 * page is not where rules are enforced.
 */
import { capLessonMinutes } from './lesson-duration';
import { lessonDomains } from './lesson-domains';
import { type OverrideAudience, type OverrideRequest, overrideRequestSchema } from './model';
import type { RefusalIssue } from './panel';

export const MIN_REASON_CHARS = 3;

export interface LessonForm {
  /** The panel's rows as typed; blank rows are ignored. */
  domains: readonly string[];
  audience: OverrideAudience;
  minutes: number;
  reason: string;
}

export interface LessonRequestContext {
  id: string;
  /** The teacher's school account. */
  teacher: string;
  now: Date;
  maxMinutes: number;
}

export const REASON_REQUIRED = `Give a reason (at least ${MIN_REASON_CHARS} characters). It is kept with the allowlist for the school's records.`;
export const AUDIENCE_REQUIRED = 'Choose who it is for: a year group, a class or named pupils.';

function audienceIsEmpty(audience: OverrideAudience): boolean {
  return audience.yearGroups.length + audience.classes.length + audience.pupils.length === 0;
}

/** The checks a teacher can fix in the form, each with the field it belongs to. */
export function lessonFormIssues(form: Omit<LessonForm, 'minutes'>): RefusalIssue[] {
  const issues: RefusalIssue[] = [];
  const domains = lessonDomains(form.domains);
  if (!domains.ok) issues.push(...domains.issues);
  if (audienceIsEmpty(form.audience)) issues.push({ path: 'audience', message: AUDIENCE_REQUIRED });
  if (form.reason.trim().length < MIN_REASON_CHARS) issues.push({ path: 'reason', message: REASON_REQUIRED });
  return issues;
}

export function buildLessonRequest(
  form: LessonForm,
  context: LessonRequestContext,
): { ok: true; request: OverrideRequest; rows: number[] } | { ok: false; issues: RefusalIssue[] } {
  const issues = lessonFormIssues(form);
  const domains = lessonDomains(form.domains);
  if (issues.length > 0 || !domains.ok) return { ok: false, issues };
  const minutes = capLessonMinutes(form.minutes, context.maxMinutes);
  // The shared schema has the last word (the endpoint parses with it too): anything it refuses is refused here first.
  const parsed = overrideRequestSchema.safeParse({
    id: context.id,
    createdBy: context.teacher,
    domains: domains.domains,
    audience: form.audience,
    reason: form.reason.trim(),
    startsAt: context.now.toISOString(),
    endsAt: new Date(context.now.getTime() + minutes * 60_000).toISOString(),
  });
  // rows: which form row each of request.domains came from, to put a later refusal beside it.
  if (parsed.success) return { ok: true, request: parsed.data, rows: domains.rows };
  return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) };
}
