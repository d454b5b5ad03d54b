/**
 * Builds the dashboard (Vite, Preact) when dist/ is missing or older than
 * any of its sources, so `npm run server` and the tests never serve a stale
 * or absent UI, and a school never needs a separate build step.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_DIR } from '../config/load';

export const DASHBOARD_DIR = join(SERVER_DIR, 'dashboard');
export const DASHBOARD_DIST = join(DASHBOARD_DIR, 'dist');
/**
 * Browser code imports the row types and status list from here, the school lists' permission rule, the shared
 * school-list code, and the safeguarding alerts' rows and risk names.
 */
const SHARED_SOURCES = [
  join(SERVER_DIR, 'src', 'store', 'rows.ts'),
  join(SERVER_DIR, 'src', 'store', 'alert-rows.ts'),
  join(SERVER_DIR, 'src', 'monitoring', 'risks.ts'),
  join(SERVER_DIR, 'src', 'dashboard-api'),
  join(SERVER_DIR, 'src', 'school-lists', 'permissions.ts'),
  join(SERVER_DIR, '..', 'src', 'school-lists'),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function dashboardIsFresh(): boolean {
  const built = join(DASHBOARD_DIST, 'index.html');
  if (!existsSync(built)) return false;
  const sources = [join(DASHBOARD_DIR, 'src'), join(DASHBOARD_DIR, 'index.html'), join(DASHBOARD_DIR, 'vite.config.ts'), ...SHARED_SOURCES];
  return statSync(built).mtimeMs >= Math.max(...sources.map(newestMtime));
}

export async function ensureDashboardBuilt(): Promise<'built' | 'fresh'> {
  if (dashboardIsFresh()) return 'fresh';
  // Loaded only when needed: a school's production run with a built dist/ never imports Vite.
  const { build } = await import('vite');
  await build({ configFile: join(DASHBOARD_DIR, 'vite.config.ts') });
  return 'built';
}
