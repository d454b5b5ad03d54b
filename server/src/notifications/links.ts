/**
 * Where an email or webhook sends the reader: the dashboard, which asks them to sign in and then
 * opens the page the link named. An alert's page is the dashboard's own (dashboard-api/alert-types.ts
 * alertPageHash), so the link and the page cannot drift apart; the list of alerts is `#alerts`.
 */
import { alertPageHash } from '../dashboard-api/alert-types';

export const DASHBOARD_PATH = '/dashboard/';

export function alertLink(publicUrl: string, alertId: string): string {
  return `${publicUrl}${DASHBOARD_PATH}${alertPageHash(alertId)}`;
}

export function dashboardLink(publicUrl: string, section: 'alerts' | 'reports' | 'devices'): string {
  return `${publicUrl}${DASHBOARD_PATH}#${section}`;
}
