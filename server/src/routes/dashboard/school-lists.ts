/**
 * The school's own block and allow lists on the dashboard: read (paged, with
 * the totals), add (one site or a pasted list), edit (who for, end date,
 * reason), remove, and every change's trail. Changes only here, behind a
 * dashboard session (no device or staff token reaches this), and only as the
 * signed-in role allows (server/src/school-lists/permissions.ts). A change can
 * be made from a report: both trails then name each other, and the report can
 * be resolved in the same step.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SCHOOL_LIST_LIMITS } from '../../../../src/school-lists/limits';
import { schoolListAddSchema, schoolListEditSchema, schoolListRemoveSchema } from '../../../../src/school-lists/model';
import type { AppContext } from '../../context';
import { schoolListCoveringQuerySchema, schoolListsQuerySchema, schoolListTrailQuerySchema } from '../../dashboard-api/requests';
import {
  DASHBOARD_API,
  type SchoolListAddReply,
  type SchoolListCoveringReply,
  type SchoolListEntryReply,
  type SchoolListsPageReply,
  type SchoolListTrailReply,
} from '../../dashboard-api/types';
import { scopeOf, staffOf, visibleOr404 } from '../../http/dashboard-auth';
import { canChangeListEntry, canSeeListEntry, listReadSchools, schoolForCreation } from '../../schools/scope';
import { HttpError, parseOr400 } from '../../http/errors';
import { addSchoolListEntries, refuseUnlessAllowed } from '../../school-lists/add-entries';
import { endDateIssues } from '../../school-lists/checks';
import type { SchoolListChangeRequest } from '../../school-lists/permissions';
import type { ReportLink } from '../../store/store';

const BASE = `${DASHBOARD_API}/school-lists`;
/** A pasted list of 5,000 addresses fits; a domain list of that many is a fifth of it. */
const ADD_MAX_BODY_BYTES = 2 * 1024 * 1024;
const idParams = z.object({ id: z.uuid() });

function entryIdOf(params: unknown): string {
  const parsed = idParams.safeParse(params);
  if (!parsed.success) throw new HttpError(404, 'no school list entry with that id');
  return parsed.data.id;
}

export function registerDashboardSchoolLists(app: FastifyInstance, context: AppContext): void {
  const store = context.store.schoolLists;

  /** Decided before anything else is read (addSchoolListEntries decides again). */
  function mayChange(request: FastifyRequest, change: SchoolListChangeRequest): ReturnType<typeof staffOf> {
    const staff = staffOf(request);
    refuseUnlessAllowed(staff, change);
    return staff;
  }

  /** The report a change is made from must exist (and be one this reader sees); resolving it follows the reports' own rule (only a DSL once escalated). */
  async function reportLink(request: FastifyRequest, reportId: string | null, resolve: boolean): Promise<ReportLink | null> {
    if (reportId === null) {
      if (resolve) throw new HttpError(400, 'resolveReport needs the reportId it resolves');
      return null;
    }
    const report = visibleOr404(request, await context.store.reports.get(reportId), 'report');
    if (resolve && report.status === 'escalated-to-dsl' && staffOf(request).role !== 'dsl') {
      throw new HttpError(403, 'only a DSL may resolve a report escalated to the DSL: make the change without resolving it');
    }
    return { reportId, resolve };
  }

  /** An entry this reader sees (their school's or the whole trust's), else not found. */
  async function visibleEntry(request: FastifyRequest, id: string) {
    const entry = await store.get(id);
    if (!entry || !canSeeListEntry(scopeOf(request), entry.school)) throw new HttpError(404, 'no school list entry with that id');
    return entry;
  }

  /** A change to an entry: a school's staff change their school's entries; the whole trust's are the trust's staff's. */
  async function changeableEntry(request: FastifyRequest, id: string): Promise<void> {
    const entry = await visibleEntry(request, id);
    if (!canChangeListEntry(scopeOf(request), entry.school)) throw new HttpError(403, 'this entry is on the whole trust’s list: the trust’s staff change it');
  }

  app.get(BASE, async (request): Promise<SchoolListsPageReply> => {
    const { school, ...query } = parseOr400(schoolListsQuerySchema, request.query, 'query');
    const schools = listReadSchools(scopeOf(request), school);
    await store.expireDue(context.now());
    const [page, counts] = await Promise.all([store.list({ ...query, schools }), store.counts(schools)]);
    return { ...page, offset: query.offset, limit: query.limit, counts, limits: { ...SCHOOL_LIST_LIMITS } };
  });

  app.get(`${BASE}/trail`, async (request): Promise<SchoolListTrailReply> => {
    const { school, ...query } = parseOr400(schoolListTrailQuerySchema, request.query, 'query');
    await store.expireDue(context.now());
    return { ...(await store.trail({ ...query, schools: listReadSchools(scopeOf(request), school) })), ...query };
  });

  app.get(`${BASE}/covering`, async (request): Promise<SchoolListCoveringReply> => {
    const { host, school } = parseOr400(schoolListCoveringQuerySchema, request.query, 'query');
    await store.expireDue(context.now());
    return { host, entries: await store.covering(host, listReadSchools(scopeOf(request), school)) };
  });

  app.get(`${BASE}/:id`, async (request): Promise<SchoolListEntryReply> => {
    const id = entryIdOf(request.params);
    await store.expireDue(context.now());
    return visibleEntry(request, id);
  });

  app.post(BASE, { config: { maxBodyBytes: ADD_MAX_BODY_BYTES } }, async (request, reply): Promise<SchoolListAddReply> => {
    const add = parseOr400(schoolListAddSchema, request.body, 'school list entry');
    const staff = mayChange(request, { kind: 'add', action: add.action });
    const link = await reportLink(request, add.reportId, add.resolveReport);
    const chosen = schoolForCreation(scopeOf(request), add.school, context.config.schools, true);
    if ('refused' in chosen) throw new HttpError(400, `${chosen.refused}: nothing was added`);
    const added = await addSchoolListEntries(context, staff, add, link, chosen.school);
    reply.status(201);
    return added;
  });

  app.post(`${BASE}/:id`, async (request): Promise<SchoolListEntryReply> => {
    const id = entryIdOf(request.params);
    const edit = parseOr400(schoolListEditSchema, request.body, 'school list change');
    const staff = mayChange(request, { kind: 'edit' });
    await changeableEntry(request, id);
    const link = await reportLink(request, edit.reportId, edit.resolveReport);
    const now = context.now();
    const issues = endDateIssues(edit.endsAt, now);
    if (issues.length > 0) throw new HttpError(422, 'nothing was changed', issues);
    await store.expireDue(now);
    const edited = await store.edit(id, { audience: edit.audience, endsAt: edit.endsAt, reason: edit.reason }, staff, now, link);
    if (!edited) throw new HttpError(404, 'no school list entry in force with that id (it may have ended)');
    return (await store.get(id))!;
  });

  app.post(`${BASE}/:id/remove`, async (request): Promise<SchoolListEntryReply> => {
    const id = entryIdOf(request.params);
    const { reason, reportId, resolveReport } = parseOr400(schoolListRemoveSchema, request.body, 'removal');
    const staff = mayChange(request, { kind: 'remove' });
    await changeableEntry(request, id);
    const link = await reportLink(request, reportId, resolveReport);
    const now = context.now();
    await store.expireDue(now);
    const removed = await store.remove(id, reason, staff, now, link);
    if (!removed) throw new HttpError(404, 'no school list entry in force with that id (it may have ended)');
    return (await store.get(id))!;
  });
}
