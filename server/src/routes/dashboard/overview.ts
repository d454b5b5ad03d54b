/**
 * The overview the DSL and IT Lead open first: blocks, warnings, reports and safeguarding alerts per day, open alerts by severity, the categories and
 * sites most blocked, open reports and devices gone silent. Every count is the database's (a school holds
 * millions of events); the days are the school's (config `timeZone`), on receive time as the alerts view
 * is, so a device cannot move its blocks out of the picture by the time it claims.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { overviewQuerySchema } from '../../dashboard-api/requests';
import { DASHBOARD_API, OVERVIEW_TOP_SITES, type OverviewOpenReports, type OverviewReply } from '../../dashboard-api/types';
import { parseOr400 } from '../../http/errors';
import { scopeOf } from '../../http/dashboard-auth';
import { readFilter } from '../../schools/scope';
import { SEVERITIES, type Severity } from '../../monitoring/risks';
import { localDays } from '../../overview/local-days';
import { REPORT_STATUSES } from '../../store/rows';
import type { ReportStore } from '../../store/store';
import { isStale } from './devices';

const OPEN_STATUSES = REPORT_STATUSES.filter((status) => status !== 'resolved');

async function openReports(reports: ReportStore, school: string | undefined): Promise<OverviewOpenReports> {
  const counts = await reports.openCounts(school);
  const byStatus = OPEN_STATUSES.map((status) => {
    const rows = counts.filter((row) => row.status === status);
    return { status, reports: rows.reduce((sum, row) => sum + row.reports, 0), urgent: rows.reduce((sum, row) => sum + (row.urgent ? row.reports : 0), 0) };
  });
  return { total: byStatus.reduce((sum, row) => sum + row.reports, 0), urgent: byStatus.reduce((sum, row) => sum + row.urgent, 0), byStatus };
}

/** Every severity, most severe first, zeros included: a tile that always reads the same way. */
function openAlertCounts(rows: readonly { severity: Severity; alerts: number }[]): OverviewReply['openAlerts'] {
  const bySeverity = [...SEVERITIES].reverse().map((severity) => ({ severity, alerts: rows.find((row) => row.severity === severity)?.alerts ?? 0 }));
  return { total: bySeverity.reduce((sum, row) => sum + row.alerts, 0), bySeverity };
}

export function registerDashboardOverview(app: FastifyInstance, context: AppContext): void {
  app.get(`${DASHBOARD_API}/overview`, async (request): Promise<OverviewReply> => {
    const query = parseOr400(overviewQuerySchema, request.query, 'query');
    const { days } = query;
    const school = readFilter(scopeOf(request), query.school);
    const now = context.now();
    const { timeZone, heartbeatStaleMinutes } = context.config;
    const windows = localDays(now, days, timeZone).map((day) => ({ name: day.day, from: day.start, to: day.end }));
    const whole = { from: windows[0]!.from, to: windows.at(-1)!.to };
    const { events, reports, devices, alerts } = context.store;
    const [stops, received, opened, categories, sites, open, deviceRows, alertCounts] = await Promise.all([
      events.stopsPerWindow(windows, school),
      reports.receivedPerWindow(windows, school),
      alerts.openedPerWindow(windows, school),
      events.blocksByCategory(whole, school),
      events.blocksBySite(whole, OVERVIEW_TOP_SITES, school),
      openReports(reports, school),
      devices.list(school),
      alerts.openCounts(school),
    ]);
    return {
      window: { days, timeZone, from: whole.from.toISOString(), to: whole.to.toISOString() },
      perDay: stops.map((day, index) => ({ day: day.name, blocks: day.blocks, warnings: day.warnings, reports: received[index]!.reports, alerts: opened[index]!.alerts })),
      blockedCategories: categories.map((row) => ({ category: row.key, blocks: row.blocks })),
      blockedSites: { sites: sites.sites.map((row) => ({ host: row.key, blocks: row.blocks })), named: sites.named, withoutAddress: sites.withoutAddress },
      openReports: open,
      silentDevices: { silent: deviceRows.filter((device) => isStale(device, heartbeatStaleMinutes, now)).length, devices: deviceRows.length, heartbeatStaleMinutes },
      openAlerts: openAlertCounts(alertCounts),
    };
  });
}
