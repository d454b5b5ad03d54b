/**
 * Classified sites (issue 20): the hosts the on-device classifier stopped, per site, for the IT Lead to
 * confirm (the school's block list) or reject (its allow list). A decision is an ordinary school list
 * entry, added through the one path every addition takes (school-lists/add-entries.ts: who may, locked
 * allows, limits, a site on a list once), so it reaches devices as every entry does: on their next fetch
 * of GET /v1/school-lists (every few minutes) and at once on a block page's fast path, without an
 * extension update. The entry's reason, and so its trail, says it came from a classifier review and what
 * the model had stopped, in words the endpoint builds from the stored counts.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { classifiedDecisionSchema, classifiedSitesQuerySchema } from '../../dashboard-api/requests';
import { DASHBOARD_API, type ClassifiedDecisionReply, type ClassifiedSitesReply } from '../../dashboard-api/types';
import { scopeOf, staffOf } from '../../http/dashboard-auth';
import { readFilter, schoolForCreation } from '../../schools/scope';
import { HttpError, parseOr400 } from '../../http/errors';
import { addSchoolListEntries, refuseUnlessAllowed } from '../../school-lists/add-entries';
import { classifierReviewReason } from '../../school-lists/wording';
import type { ReceiveWindow } from '../../store/store';
import { entrySiteOfHost } from '../../../../src/school-lists/target';

export const CLASSIFIED_SITES_PATH = `${DASHBOARD_API}/classified-sites`;

const DAY_MS = 86_400_000;

/**
 * The last `days` up to and including now, on receive time as the alerts view: a device cannot move its
 * stops out of it. The store's end is exclusive, so it is a millisecond past now.
 */
function windowOf(now: Date, days: number): ReceiveWindow {
  return { from: new Date(now.getTime() - days * DAY_MS), to: new Date(now.getTime() + 1) };
}

export function registerClassifiedSites(app: FastifyInstance, context: AppContext): void {
  app.get(CLASSIFIED_SITES_PATH, async (request): Promise<ClassifiedSitesReply> => {
    const { days, state, offset, limit, school } = parseOr400(classifiedSitesQuerySchema, request.query, 'query');
    const only = readFilter(scopeOf(request), school);
    const now = context.now();
    const window = windowOf(now, days);
    // The review state is read off the lists in force: an entry past its end date decides nothing.
    await context.store.schoolLists.expireDue(now);
    const page = await context.store.events.classifiedSites({ window, ...(state ? { state } : {}), ...(only === undefined ? {} : { school: only }), offset, limit });
    return { window: { days, from: window.from.toISOString(), to: now.toISOString() }, ...page, offset, limit };
  });

  app.post(`${CLASSIFIED_SITES_PATH}/decisions`, async (request, reply): Promise<ClassifiedDecisionReply> => {
    const { host, decision, reason, days, school } = parseOr400(classifiedDecisionSchema, request.body, 'decision');
    // Whose list the decision goes on: a school user's school; a trust user chooses a school or the whole trust.
    const chosen = schoolForCreation(scopeOf(request), school, context.config.schools, true);
    if ('refused' in chosen) throw new HttpError(400, `${chosen.refused}: nothing was added`);
    const seenIn = readFilter(scopeOf(request));
    const action = decision === 'confirm' ? 'block' : 'allow';
    const staff = staffOf(request);
    // Who may, before anything is read (the add decides again): a DSL may confirm, only the IT Lead reject.
    refuseUnlessAllowed(staff, { kind: 'add', action });
    const now = context.now();
    await context.store.schoolLists.expireDue(now);
    const { sites } = await context.store.events.classifiedSites({ window: windowOf(now, days), host, ...(seenIn === undefined ? {} : { school: seenIn }), offset: 0, limit: 1 });
    const site = sites[0];
    if (!site) throw new HttpError(404, `the classifier stopped nothing on ${host} in the last ${days} days`);
    if (site.entry) {
      throw new HttpError(409, `${host} is already decided: ${site.entry.target} is on the ${site.entry.action} list (entry ${site.entry.id}): change that entry instead`);
    }
    const added = await addSchoolListEntries(
      context,
      staff,
      {
        action,
        targets: [entrySiteOfHost(host)],
        // The classifier stops pupils (staff only when the policy asks): the decision is for every pupil, as a report's block is.
        audience: { scope: 'pupils' },
        reason: classifierReviewReason({ decision, ...site, days }, reason),
        endsAt: null,
      },
      null,
      chosen.school,
    );
    reply.status(201);
    return { entry: added.added[0]! };
  });
}
