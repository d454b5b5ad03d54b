/** The reports queue: a page at a time (urgent first, never cut short), one report with its trail, its screenshot, status changes and notes. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { noteSchema, reportsQuerySchema, statusChangeSchema } from '../../dashboard-api/requests';
import { DASHBOARD_API, type ReportReply, type ReportsReply } from '../../dashboard-api/types';
import { scopeOf, staffOf, visibleOr404 } from '../../http/dashboard-auth';
import { readFilter } from '../../schools/scope';
import { HttpError, parseOr400 } from '../../http/errors';

const idParams = z.object({ id: z.uuid() });

function reportIdOf(params: unknown): string {
  const parsed = idParams.safeParse(params);
  if (!parsed.success) throw new HttpError(404, 'no report with that id');
  return parsed.data.id;
}

export function registerDashboardReports(app: FastifyInstance, context: AppContext): void {
  const reports = context.store.reports;

  // Another school's report is answered as not found, on every read and change (schools/scope.ts).
  const visibleReport = async (request: FastifyRequest, id: string) => visibleOr404(request, await reports.get(id), 'report');

  app.get(`${DASHBOARD_API}/reports`, async (request): Promise<ReportsReply> => {
    const { school, ...page } = parseOr400(reportsQuerySchema, request.query, 'query');
    return reports.list({ ...page, school: readFilter(scopeOf(request), school) });
  });

  app.get(`${DASHBOARD_API}/reports/:id`, async (request): Promise<ReportReply> => visibleReport(request, reportIdOf(request.params)));

  app.get(`${DASHBOARD_API}/reports/:id/screenshot`, async (request, reply) => {
    const id = reportIdOf(request.params);
    await visibleReport(request, id);
    const image = await reports.screenshot(id);
    if (!image) throw new HttpError(404, 'no screenshot for that report');
    // The bytes were checked to be JPEG on arrival; nosniff (security-headers.ts) stops any reinterpretation.
    return reply.type('image/jpeg').header('Content-Disposition', 'inline; filename="screenshot.jpg"').send(image);
  });

  app.post(`${DASHBOARD_API}/reports/:id/status`, async (request): Promise<ReportReply> => {
    const id = reportIdOf(request.params);
    const { status, note } = parseOr400(statusChangeSchema, request.body, 'status change');
    const staff = staffOf(request);
    const current = await visibleReport(request, id);
    // Once with the DSL, safeguarding decides what happens next.
    if (current.status === 'escalated-to-dsl' && staff.role !== 'dsl') throw new HttpError(403, 'only a DSL may change a report escalated to the DSL');
    await reports.setStatus(id, status, staff, note, context.now());
    return (await reports.get(id))!;
  });

  app.post(`${DASHBOARD_API}/reports/:id/notes`, async (request): Promise<ReportReply> => {
    const id = reportIdOf(request.params);
    const { note } = parseOr400(noteSchema, request.body, 'note');
    await visibleReport(request, id);
    if (!(await reports.addNote(id, staffOf(request), note, context.now()))) throw new HttpError(404, 'no report with that id');
    return (await reports.get(id))!;
  });
}
