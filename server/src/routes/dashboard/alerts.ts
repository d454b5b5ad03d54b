/**
 * What needs a person now: blocks in the school's alert categories (illegal,
 * self-harm, extremism by default), urgent reports not yet resolved, and
 * devices whose heartbeat stopped (off the filter, or tampered with).
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { alertsQuerySchema } from '../../dashboard-api/requests';
import { DASHBOARD_API, type AlertsReply } from '../../dashboard-api/types';
import { parseOr400 } from '../../http/errors';
import { isStale } from './devices';

const DEFAULT_WINDOW_DAYS = 7;

export function registerDashboardAlerts(app: FastifyInstance, context: AppContext): void {
  app.get(`${DASHBOARD_API}/alerts`, async (request): Promise<AlertsReply> => {
    const query = parseOr400(alertsQuerySchema, request.query, 'query');
    const now = context.now();
    const since = query.since ? new Date(query.since) : new Date(now.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
    const { alertCategories, heartbeatStaleMinutes } = context.config;
    const [blocks, devices, reports] = await Promise.all([
      context.store.events.search({ types: ['block'], categories: alertCategories, from: since, limit: 1000 }),
      context.store.devices.list(),
      context.store.reports.list(),
    ]);
    return {
      since: since.toISOString(),
      alertCategories,
      heartbeatStaleMinutes,
      blocks,
      staleDevices: devices.filter((device) => isStale(device, heartbeatStaleMinutes, now)),
      urgentReports: reports.filter((report) => report.urgent && report.status !== 'resolved'),
    };
  });
}
