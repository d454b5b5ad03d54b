/** A subject access request (UK GDPR Art. 15): everything held about one person, as one JSON file. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { subjectAccessQuerySchema } from '../../dashboard-api/requests';
import { DASHBOARD_API } from '../../dashboard-api/types';
import { scopeOf, staffOf } from '../../http/dashboard-auth';
import { canSee, type StaffScope } from '../../schools/scope';
import type { SubjectAccessExport } from '../../store/rows';
import { parseOr400 } from '../../http/errors';
import { detailFor } from '../../monitoring/visibility';

/** A school's staff export what their school holds about the person (its allowlists chosen by the store); the trust's staff export everything. */
export function ofSchool(held: SubjectAccessExport, scope: StaffScope): SubjectAccessExport {
  if (scope.school === null) return held;
  const mine = <T extends { school: string }>(records: readonly T[]) => records.filter((record) => canSee(scope, record.school));
  return {
    ...held,
    events: mine(held.events),
    reports: mine(held.reports),
    alerts: mine(held.alerts),
    rosterRows: mine(held.rosterRows),
    devices: mine(held.devices),
  };
}

export function registerSubjectAccess(app: FastifyInstance, context: AppContext): void {
  app.get(`${DASHBOARD_API}/subject-access`, async (request, reply) => {
    const { user } = parseOr400(subjectAccessQuerySchema, request.query, 'query');
    const now = context.now();
    const staff = staffOf(request);
    const held = ofSchool(await context.store.privacy.subjectAccess(user, now, scopeOf(request).school ?? undefined), scopeOf(request));
    // An IT Lead's export shows a DSL-only alert as existing only, as every other reply does.
    const data = { ...held, alerts: held.alerts.map((alert) => detailFor(staff.role, alert)) };
    // Who asked is itself worth keeping: the process log records each export.
    request.log.info({ by: staff.username }, 'subject access export');
    const file = `subject-access-${user.replace(/[^a-z0-9.@-]/gi, '_')}-${now.toISOString().slice(0, 10)}.json`;
    return reply.header('Content-Disposition', `attachment; filename="${file}"`).send(data);
  });
}
