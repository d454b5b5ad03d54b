/**
 * What needs a person now: blocks in the school's alert categories (illegal,
 * self-harm, extremism by default), urgent reports not yet resolved (paged,
 * never cut short), floods of reports from one token or device, and devices
 * whose heartbeat stopped (off the filter, or tampered with).
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { alertsQuerySchema } from '../../dashboard-api/requests';
import { DASHBOARD_API, DEFAULT_REPORTS_PAGE, type AlertsReply, type FloodAlert } from '../../dashboard-api/types';
import { parseOr400 } from '../../http/errors';
import { FLOOD_THRESHOLDS, findFloods } from '../../limits/floods';
import type { ReportStore } from '../../store/store';
import { isStale } from './devices';

const DEFAULT_WINDOW_DAYS = 7;

export function registerDashboardAlerts(app: FastifyInstance, context: AppContext): void {
  app.get(`${DASHBOARD_API}/alerts`, async (request): Promise<AlertsReply> => {
    const query = parseOr400(alertsQuerySchema, request.query, 'query');
    const now = context.now();
    const since = query.since ? new Date(query.since) : new Date(now.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
    const { alertCategories, heartbeatStaleMinutes } = context.config;
    const [blocks, devices, urgentReports, floods] = await Promise.all([
      context.store.events.search({ types: ['block'], categories: alertCategories, from: since, limit: 1000 }),
      context.store.devices.list(),
      context.store.reports.list({ offset: query.urgentOffset, limit: DEFAULT_REPORTS_PAGE, urgentOpenOnly: true }),
      reportFloods(context.store.reports, since),
    ]);
    return {
      since: since.toISOString(),
      alertCategories,
      heartbeatStaleMinutes,
      blocks,
      staleDevices: devices.filter((device) => isStale(device, heartbeatStaleMinutes, now)),
      urgentReports,
      floods,
    };
  });
}

/** Floods by token and by claimed device since `since`, newest first. */
async function reportFloods(reports: ReportStore, since: Date): Promise<FloodAlert[]> {
  const found = await Promise.all(
    (['token', 'device'] as const).map(async (by) => {
      const threshold = FLOOD_THRESHOLDS[by];
      return findFloods(await reports.arrivalsSince(by, since), threshold).map((flood) => ({
        by,
        key: flood.key,
        count: flood.count,
        from: new Date(flood.from).toISOString(),
        to: new Date(flood.to).toISOString(),
        threshold: threshold.max,
        windowMinutes: threshold.windowMs / 60_000,
      }));
    }),
  );
  return found.flat().sort((a, b) => b.to.localeCompare(a.to));
}
