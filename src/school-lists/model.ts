/**
 * The school's own block and allow lists, kept on the endpoint's dashboard
 * and applied by every device. One model for both ends: the endpoint
 * validates the dashboard's changes and builds devices' replies with these
 * schemas, and the device validates what it receives with the same ones.
 *
 * GET /v1/school-lists?role=pupil&yearGroup=Y9     device or staff token
 *   If-None-Match: the ETag of the copy the device holds
 *   200 SchoolListsReply (ETag header; `version` in the body is the same value)
 *   304 nothing changed since that copy (no body): the frequent ask costs a
 *       database read of one row and no reply body
 *   A device gets only the entries that apply to it (audience.ts), grouped by
 *   action and end date, as domains and addresses with their end: never who
 *   added an entry, why, or for whom, nor the entries of other audiences.
 *
 * Changes come only from the dashboard (server/src/routes/dashboard/school-lists.ts).
 */
import { z } from 'zod';
import { KEY_STAGES, YEAR_GROUPS } from '../policy/year-groups';
import { normaliseDomain } from '../shared/domain';
import { LIST_ACTIONS, type ListAudience, type ListReader, normaliseAudience } from './audience';
import { type ListCounts, listLimitProblems, SCHOOL_LIST_LIMITS } from './limits';
import { MAX_TARGET_CHARS, parseListTarget } from './target';

export const SCHOOL_LISTS_PATH = '/v1/school-lists';

const isoTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/** What a device says about itself; the endpoint answers for that reader only. */
export const schoolListsQuerySchema = z.object({
  role: z.enum(['pupil', 'staff']),
  /** A pupil's year group; absent for staff and for a pupil whose year group is unknown (strictest profile). */
  yearGroup: z.enum(YEAR_GROUPS).optional(),
});

export function schoolListsPath(reader: ListReader): string {
  const query = new URLSearchParams({ role: reader.role });
  if (reader.role === 'pupil' && reader.yearGroup) query.set('yearGroup', reader.yearGroup);
  return `${SCHOOL_LISTS_PATH}?${query}`;
}

/** A domain exactly as the endpoint stores it (already normalised): anything else is a reply to refuse. */
const canonicalDomain = z.string().max(253).refine((value) => {
  const result = normaliseDomain(value);
  return result.ok && result.domain === value;
}, 'not a normalised domain');

/** `host/path` exactly as target.ts writes it. */
const canonicalPath = z.string().max(MAX_TARGET_CHARS).refine((value) => {
  const result = parseListTarget(value);
  return result.ok && result.target.kind === 'path' && result.text === value;
}, 'not a normalised address');

/** Entries that share an action and an end (null: no end date). */
export const deviceSchoolListSchema = z.object({
  action: z.enum(LIST_ACTIONS),
  endsAt: isoTime.nullable(),
  domains: z.array(canonicalDomain),
  paths: z.array(canonicalPath),
});

export function countsOf(lists: readonly DeviceSchoolList[]): ListCounts {
  const counts: ListCounts = { blockDomains: 0, blockPaths: 0, allowDomains: 0, allowPaths: 0 };
  for (const list of lists) {
    if (list.action === 'block') {
      counts.blockDomains += list.domains.length;
      counts.blockPaths += list.paths.length;
    } else {
      counts.allowDomains += list.domains.length;
      counts.allowPaths += list.paths.length;
    }
  }
  return counts;
}

export const schoolListsReplySchema = z
  .object({
    /** Changes with every change to the lists; the ETag is this value for this reader. */
    version: z.string().min(1).max(200),
    lists: z.array(deviceSchoolListSchema).max(SCHOOL_LIST_LIMITS.entries),
  })
  .superRefine((reply, context) => {
    // A reply the device could not apply whole is refused whole: never a partial apply.
    for (const message of listLimitProblems(countsOf(reply.lists))) context.addIssue({ code: 'custom', message, path: ['lists'] });
  });

export type DeviceSchoolList = z.output<typeof deviceSchoolListSchema>;
export type SchoolListsReply = z.output<typeof schoolListsReplySchema>;

/** The ETag for one reader's reply at one version of the lists (quoted, as HTTP writes it). */
export function schoolListsEtag(version: string, readerKey: string): string {
  return `"${version}.${readerKey}"`;
}

// ---- The dashboard's changes (validated by the endpoint; the dashboard imports the types only) ----

export const listTargetSchema = z
  .string()
  .max(MAX_TARGET_CHARS + 100)
  .transform((value, context) => {
    const result = parseListTarget(value);
    if (result.ok) return result.text;
    context.addIssue({ code: 'custom', message: `"${value.trim().slice(0, 100)}" cannot go on the list: ${result.reason}` });
    return z.NEVER;
  });

export const listAudienceSchema = z
  .discriminatedUnion('scope', [
    z.object({ scope: z.literal('everyone') }),
    z.object({ scope: z.literal('pupils') }),
    z.object({ scope: z.literal('key-stages'), keyStages: z.array(z.enum(KEY_STAGES)).min(1).max(KEY_STAGES.length) }),
    z.object({ scope: z.literal('year-groups'), yearGroups: z.array(z.enum(YEAR_GROUPS)).min(1).max(YEAR_GROUPS.length) }),
  ])
  .transform((audience) => normaliseAudience(audience as ListAudience));

/** Why: required on every change, so the trail says why each one was made. */
const reasonSchema = z.string().trim().min(3, 'say why, in 3 characters or more').max(500);
/** The report a change is made from: its trail links to the entry, and the entry's to it. */
const fromReport = {
  reportId: z.uuid().nullable().default(null),
  /** Resolve that report in the same step. */
  resolveReport: z.boolean().default(false),
};

export const schoolListAddSchema = z.object({
  action: z.enum(LIST_ACTIONS),
  targets: z
    .array(listTargetSchema)
    .min(1)
    .max(SCHOOL_LIST_LIMITS.targetsPerAdd)
    .transform((targets) => [...new Set(targets)]),
  audience: listAudienceSchema,
  reason: reasonSchema,
  /** Optional end date: the entry stops applying then, on devices too, offline or not. */
  endsAt: isoTime.nullable().default(null),
  /**
   * A trust's staff choose whose list it goes on: one school's id, or "trust" for every school's devices. A school's
   * staff add to their own school's whatever this says (the endpoint decides: server/src/schools/scope.ts).
   */
  school: z.string().max(40).optional(),
  ...fromReport,
});

/** An edit changes who it is for, its end date and its reason; the site and action stay (remove and add instead). */
export const schoolListEditSchema = z.object({
  audience: listAudienceSchema,
  endsAt: isoTime.nullable(),
  reason: reasonSchema,
  ...fromReport,
});

export const schoolListRemoveSchema = z.object({ reason: reasonSchema, ...fromReport });

export type SchoolListAdd = z.output<typeof schoolListAddSchema>;
export type SchoolListEdit = z.output<typeof schoolListEditSchema>;
export type SchoolListRemove = z.output<typeof schoolListRemoveSchema>;
