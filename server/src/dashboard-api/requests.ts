/** What the dashboard may send, validated on the server. */
import { z } from 'zod';
import { eventSchema } from '../../../src/events/model';
import { emailSchema } from '../../../src/overrides/model';
import { CATEGORY_IDS } from '../../../src/shared/categories';
import { SCHOOL_STOP_REASONS } from '../../../src/shared/pages';
import { REPORT_STATUSES } from '../store/rows';
import { CLASSIFIER_REVIEW_REASON_MAX } from '../school-lists/wording';
import { cursorSchema } from './cursor';
import { SCHOOL_ID_PATTERN } from '../schools/scope';
import { LIST_ACTIONS } from '../../../src/school-lists/audience';
import { normaliseDomain } from '../../../src/shared/domain';
import { CLASSIFIED_DAYS_DEFAULT, CLASSIFIED_DAYS_MAX, CLASSIFIED_DECISIONS, CLASSIFIED_PAGE_DEFAULT, CLASSIFIED_PAGE_MAX, CLASSIFIED_STATES, CSV_MAX_ROWS, DEFAULT_REPORTS_PAGE, LOG_PAGE_DEFAULT, LOG_PAGE_MAX, MAX_REPORTS_PAGE, OVERVIEW_DAYS_DEFAULT, OVERVIEW_DAYS_MAX, SCHOOL_LIST_PAGE_DEFAULT, SCHOOL_LIST_PAGE_MAX } from './types';

export const EVENT_TYPES = eventSchema.options.map((option) => option.shape.type.value);

/** An empty form field means "any". */
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** A trust user's filter by school (schools/scope.ts readFilter); a school user's reads are their school's whatever this says. */
export const schoolFilterField = { school: optional(z.string().regex(SCHOOL_ID_PATTERN, 'not a school id')) };

/** A read whose only filter is the school's. */
export const schoolQuerySchema = z.object(schoolFilterField);

export const loginSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
});

export const statusChangeSchema = z.object({
  status: z.enum(REPORT_STATUSES),
  note: z.string().trim().max(2000).nullable().default(null),
});

export const noteSchema = z.object({ note: z.string().trim().min(1).max(2000) });

const eventFilterFields = {
  ...schoolFilterField,
  user: optional(z.string().trim().max(320)),
  device: optional(z.string().trim().max(200)),
  category: optional(z.enum([...CATEGORY_IDS, ...SCHOOL_STOP_REASONS])),
  type: optional(z.enum(EVENT_TYPES as [string, ...string[]])),
  /** A site, exactly as events name it (`www.example.com`): the overview's top sites link here. */
  host: optional(z.string().trim().max(253)),
  /** On the recorded event time (EventRow.time): "what happened between 10:00 and 11:00". */
  from: optional(z.iso.datetime({ offset: true })),
  to: optional(z.iso.datetime({ offset: true })),
  /** A cursor from a previous reply's `next`: the page after it. */
  before: optional(cursorSchema),
};

export const eventSearchSchema = z.object({ ...eventFilterFields, limit: z.coerce.number().int().min(1).max(LOG_PAGE_MAX).default(LOG_PAGE_DEFAULT) });

/** The CSV export: the same search, up to CSV_MAX_ROWS rows unless asked for fewer. */
export const eventCsvSchema = z.object({ ...eventFilterFields, limit: z.coerce.number().int().min(1).max(CSV_MAX_ROWS).default(CSV_MAX_ROWS) });

export const pageOffset = z.coerce.number().int().min(0).max(1_000_000_000).default(0);

export const reportsQuerySchema = z.object({
  ...schoolFilterField,
  offset: pageOffset,
  limit: z.coerce.number().int().min(1).max(MAX_REPORTS_PAGE).default(DEFAULT_REPORTS_PAGE),
});

export const alertsQuerySchema = z.object({ ...schoolFilterField, since: optional(z.iso.datetime({ offset: true })), urgentOffset: pageOffset });

export const overviewQuerySchema = z.object({
  ...schoolFilterField,
  days: z.coerce.number().int().min(1).max(OVERVIEW_DAYS_MAX).default(OVERVIEW_DAYS_DEFAULT),
});

export const subjectAccessQuerySchema = z.object({ user: emailSchema });

const schoolListPage = {
  offset: pageOffset,
  limit: z.coerce.number().int().min(1).max(SCHOOL_LIST_PAGE_MAX).default(SCHOOL_LIST_PAGE_DEFAULT),
};

export const schoolListsQuerySchema = z.object({
  state: z.enum(['in-force', 'ended']).default('in-force'),
  search: optional(z.string().trim().max(200)),
  action: optional(z.enum(LIST_ACTIONS)),
  ...schoolFilterField,
  ...schoolListPage,
});

export const schoolListTrailQuerySchema = z.object({ ...schoolListPage, ...schoolFilterField });

/** A host name, normalised as the lists store one (lower case, no trailing dot). */
const hostName = z.string().transform((value, context) => {
  const result = normaliseDomain(value);
  if (result.ok) return result.domain;
  context.addIssue({ code: 'custom', message: `not a host name (${result.reason})` });
  return z.NEVER;
});

export const schoolListCoveringQuerySchema = z.object({ host: hostName, ...schoolFilterField });

const classifiedDays = z.coerce.number().int().min(1).max(CLASSIFIED_DAYS_MAX).default(CLASSIFIED_DAYS_DEFAULT);

export const classifiedSitesQuerySchema = z.object({
  ...schoolFilterField,
  days: classifiedDays,
  state: optional(z.enum(CLASSIFIED_STATES)),
  offset: pageOffset,
  limit: z.coerce.number().int().min(1).max(CLASSIFIED_PAGE_MAX).default(CLASSIFIED_PAGE_DEFAULT),
});

/** Confirm (the school's block list) or reject (its allow list) one site the classifier stopped in the last `days`. */
export const classifiedDecisionSchema = z.object({
  /** A trust user's choice of whose list the decision goes on (schools/scope.ts schoolForCreation). */
  school: optional(z.string().max(40)),
  host: hostName,
  decision: z.enum(CLASSIFIED_DECISIONS),
  reason: z.string().trim().min(3, 'say why, in 3 characters or more').max(CLASSIFIER_REVIEW_REASON_MAX),
  days: classifiedDays,
});

export type EventSearch = z.output<typeof eventSearchSchema> | z.output<typeof eventCsvSchema>;
