/**
 * Safeguarding alerts on the dashboard: the queue (paged, filtered), one alert
 * with its evidence and trail, status changes and notes. Every reply and change
 * goes through monitoring/visibility.ts: an IT Lead never receives a DSL-only
 * alert's pupil, evidence or notes, whatever page asks.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { alertListQuerySchema, alertQuerySchema, alertStatusChangeSchema } from '../../dashboard-api/alert-requests';
import { SAFEGUARDING_ALERTS_API, type SafeguardingAlertReply, type SafeguardingAlertsReply } from '../../dashboard-api/alert-types';
import { noteSchema } from '../../dashboard-api/requests';
import { scopeOf, staffOf, visibleOr404 } from '../../http/dashboard-auth';
import { readFilter } from '../../schools/scope';
import { HttpError, parseOr400 } from '../../http/errors';
import { changeRefusal, detailFor, summaryFor } from '../../monitoring/visibility';
import type { AlertDetail } from '../../store/alert-rows';
import type { Session } from '../../store/store';

const idParams = z.object({ id: z.uuid() });
const NOT_FOUND = 'no alert with that id';

function alertIdOf(params: unknown): string {
  const parsed = idParams.safeParse(params);
  if (!parsed.success) throw new HttpError(404, NOT_FOUND);
  return parsed.data.id;
}

export function registerSafeguardingAlerts(app: FastifyInstance, context: AppContext): void {
  const alerts = context.store.alerts;
  /** Another school's alert is answered as not found, on every read and change (schools/scope.ts). */
  const held = async (request: FastifyRequest, id: string, page = { offset: 0, limit: 1 }): Promise<AlertDetail> => visibleOr404(request, await alerts.get(id, page), 'alert');
  /** The alert after a change, as this reader may see it (the first page of evidence). */
  const after = async (request: FastifyRequest, id: string, staff: Session) => detailFor(staff.role, await held(request, id, { offset: 0, limit: alertQuerySchema.parse({}).evidenceLimit }));

  app.get(SAFEGUARDING_ALERTS_API, async (request): Promise<SafeguardingAlertsReply> => {
    const { school, ...query } = parseOr400(alertListQuerySchema, request.query, 'query');
    const page = await alerts.list({ ...query, school: readFilter(scopeOf(request), school) });
    const { role } = staffOf(request);
    return { ...page, alerts: page.alerts.map((alert) => summaryFor(role, alert)) };
  });

  app.get(`${SAFEGUARDING_ALERTS_API}/:id`, async (request): Promise<SafeguardingAlertReply> => {
    const id = alertIdOf(request.params);
    const { evidenceOffset, evidenceLimit } = parseOr400(alertQuerySchema, request.query, 'query');
    return detailFor(staffOf(request).role, await held(request, id, { offset: evidenceOffset, limit: evidenceLimit }));
  });

  app.post(`${SAFEGUARDING_ALERTS_API}/:id/status`, async (request): Promise<SafeguardingAlertReply> => {
    const id = alertIdOf(request.params);
    const { status, note } = parseOr400(alertStatusChangeSchema, request.body, 'status change');
    const staff = staffOf(request);
    const refusal = changeRefusal(staff.role, await held(request, id), 'status');
    if (refusal) throw new HttpError(403, refusal);
    await alerts.setStatus(id, status, staff, note, context.now());
    return after(request, id, staff);
  });

  app.post(`${SAFEGUARDING_ALERTS_API}/:id/notes`, async (request): Promise<SafeguardingAlertReply> => {
    const id = alertIdOf(request.params);
    const { note } = parseOr400(noteSchema, request.body, 'note');
    const staff = staffOf(request);
    const refusal = changeRefusal(staff.role, await held(request, id), 'note');
    if (refusal) throw new HttpError(403, refusal);
    await alerts.addNote(id, staff, note, context.now());
    return after(request, id, staff);
  });
}
