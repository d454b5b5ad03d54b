/**
 * The dashboard's JSON API under /dashboard/api/. Everything but sign-in sits
 * behind one guard (session cookie, and the CSRF header on writes).
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { requireStaff } from '../../http/dashboard-auth';
import { registerDashboardAlerts } from './alerts';
import { registerClassifiedSites } from './classified-sites';
import { registerDashboardDevices } from './devices';
import { registerDashboardEvents } from './events';
import { registerGoogleSignIn } from './google-sign-in';
import { registerDashboardOverrides } from './overrides';
import { registerDashboardOverview } from './overview';
import { registerDashboardReports } from './reports';
import { registerDashboardRosters } from './rosters';
import { registerSafeguardingAlerts } from './safeguarding-alerts';
import { registerDashboardSchoolLists } from './school-lists';
import { registerSession } from './session';
import { registerSubjectAccess } from './subject-access';
import { registerDashboardTokens } from './tokens';

export async function registerDashboardApi(app: FastifyInstance, context: AppContext): Promise<void> {
  registerSession(app, context);
  registerGoogleSignIn(app, context);
  await app.register(async (guarded) => {
    guarded.addHook('onRequest', requireStaff(context));
    registerDashboardOverview(guarded, context);
    registerDashboardReports(guarded, context);
    registerDashboardAlerts(guarded, context);
    registerSafeguardingAlerts(guarded, context);
    registerDashboardEvents(guarded, context);
    registerDashboardOverrides(guarded, context);
    registerDashboardSchoolLists(guarded, context);
    registerClassifiedSites(guarded, context);
    registerDashboardDevices(guarded, context);
    registerDashboardRosters(guarded, context);
    registerSubjectAccess(guarded, context);
    registerDashboardTokens(guarded, context);
  });
}
