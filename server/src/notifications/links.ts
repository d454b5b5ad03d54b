/**
 * Where an email or webhook sends the reader: the dashboard, which asks them to sign in. The dashboard
 * routes on the URL hash (server/dashboard/src/views/App.tsx: `#report/<id>`, `#school-list/<id>`), so an
 * alert is `#alert/<id>`, the same singular form; the list of alerts is `#alerts`.
 */
export const DASHBOARD_PATH = '/dashboard/';

export function alertLink(publicUrl: string, alertId: string): string {
  return `${publicUrl}${DASHBOARD_PATH}#alert/${encodeURIComponent(alertId)}`;
}

export function dashboardLink(publicUrl: string, section: 'alerts' | 'reports' | 'devices'): string {
  return `${publicUrl}${DASHBOARD_PATH}#${section}`;
}
