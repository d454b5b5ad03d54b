/** A subject access request (UK GDPR Art. 15): everything held about one person, as one JSON file. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { subjectAccessQuerySchema } from '../../dashboard-api/requests';
import { DASHBOARD_API } from '../../dashboard-api/types';
import { staffOf } from '../../http/dashboard-auth';
import { parseOr400 } from '../../http/errors';
import { detailFor } from '../../monitoring/visibility';

export function registerSubjectAccess(app: FastifyInstance, context: AppContext): void {
  app.get(`${DASHBOARD_API}/subject-access`, async (request, reply) => {
    const { user } = parseOr400(subjectAccessQuerySchema, request.query, 'query');
    const now = context.now();
    const staff = staffOf(request);
    const held = await context.store.privacy.subjectAccess(user, now);
    // An IT Lead's export shows a DSL-only alert as existing only, as every other reply does.
    const data = { ...held, alerts: held.alerts.map((alert) => detailFor(staff.role, alert)) };
    // Who asked is itself worth keeping: the process log records each export.
    request.log.info({ by: staff.username }, 'subject access export');
    const file = `subject-access-${user.replace(/[^a-z0-9.@-]/gi, '_')}-${now.toISOString().slice(0, 10)}.json`;
    return reply.header('Content-Disposition', `attachment; filename="${file}"`).send(data);
  });
}
