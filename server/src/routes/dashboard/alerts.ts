/**
 * What needs a person now: blocks in the school's alert categories (illegal,
 * self-harm, extremism by default), urgent reports not yet resolved (paged,
 * never cut short), floods of reports from one token or device, and devices
 * whose heartbeat stopped (off the filter, or tampered with).
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { alertsQuerySchema } from '../../dashboard-api/requests';
import { ALERT_BLOCKS_PER_CATEGORY, DASHBOARD_API, DEFAULT_REPORTS_PAGE, type AlertBlockGroup, type AlertsReply, type DashboardRole, type FloodAlert } from '../../dashboard-api/types';
import { scopeOf, staffOf } from '../../http/dashboard-auth';
import { readFilter } from '../../schools/scope';
import { parseOr400 } from '../../http/errors';
import { categoryRisk } from '../../monitoring/category-risks';
import { seesInFull } from '../../monitoring/visibility';
import { FLOOD_THRESHOLDS, findFloods } from '../../limits/floods';
import type { ReportStore } from '../../store/store';
import { isStale } from './devices';
import { eventPage } from './events';

const DEFAULT_WINDOW_DAYS = 7;

/**
 * One category's blocks received since `since`, newest received first, capped,
 * with the total and where the rest continue in log search. The window is on
 * receive time: a block that waited a fortnight on an offline device is news
 * to the DSL when it arrives, and a device cannot place a block outside the
 * window by the time it claims.
 */
async function blockGroup(context: AppContext, category: string, since: Date, role: DashboardRole, school: string | undefined): Promise<AlertBlockGroup> {
  const filter = { types: ['block' as const], categories: [category], receivedFrom: since, ...(school === undefined ? {} : { school }) };
  const risk = categoryRisk(category)?.risk;
  if (risk && !seesInFull(role, risk)) {
    // The count, so the IT Lead knows the DSL has something to look at; the pupils, only to the DSL.
    return { category, total: await context.store.events.count(filter), blocks: [], truncated: false, next: null, withheld: true };
  }
  const [page, total] = await Promise.all([eventPage(context, { ...filter, limit: ALERT_BLOCKS_PER_CATEGORY }), context.store.events.count(filter)]);
  return { category, total, blocks: page.events, truncated: page.truncated, next: page.next, withheld: false };
}

export function registerDashboardAlerts(app: FastifyInstance, context: AppContext): void {
  app.get(`${DASHBOARD_API}/alerts`, async (request): Promise<AlertsReply> => {
    const query = parseOr400(alertsQuerySchema, request.query, 'query');
    const now = context.now();
    const since = query.since ? new Date(query.since) : new Date(now.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
    const { alertCategories, heartbeatStaleMinutes } = context.config;
    const school = readFilter(scopeOf(request), query.school);
    const [blockGroups, devices, urgentReports, floods] = await Promise.all([
      Promise.all(alertCategories.map((category) => blockGroup(context, category, since, staffOf(request).role, school))),
      context.store.devices.list(school),
      context.store.reports.list({ offset: query.urgentOffset, limit: DEFAULT_REPORTS_PAGE, urgentOpenOnly: true, school }),
      reportFloods(context.store.reports, since, school),
    ]);
    return {
      since: since.toISOString(),
      alertCategories,
      heartbeatStaleMinutes,
      blockGroups,
      staleDevices: devices.filter((device) => isStale(device, heartbeatStaleMinutes, now)),
      urgentReports,
      floods,
    };
  });
}

/** Floods by token and by claimed device since `since`, newest first. */
async function reportFloods(reports: ReportStore, since: Date, school: string | undefined): Promise<FloodAlert[]> {
  const found = await Promise.all(
    (['token', 'device'] as const).map(async (by) => {
      const threshold = FLOOD_THRESHOLDS[by];
      return findFloods(await reports.arrivalsSince(by, since, school), threshold).map((flood) => ({
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
