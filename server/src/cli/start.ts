/**
 * `npm run server`: builds the dashboard if needed, starts the endpoint, and
 * prints what an IT admin needs next: the dashboard address and the policy
 * JSON that points devices at this endpoint.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { configPathFromEnv, DEFAULT_CONFIG_PATH, loadConfigFile } from '../config/load';
import { createFirstRunConfig } from '../config/first-run';
import type { Config } from '../config/schema';
import { ensureDashboardBuilt } from '../dashboard/build';
import { startServer } from '../server';
import { describeDatabase } from '../config/database';
import { databasePath } from '../store/sqlite/open';
import { ouPolicies, policyLines } from './ou-policies';
import { VERSION } from '../version';

/** The address devices should use: publicUrl, else the listen address (with this machine's name when listening on all interfaces). */
export function publicBaseUrl(config: Config, listeningUrl: string): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const url = new URL(listeningUrl);
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = hostname();
  return url.origin;
}

export async function startCommand(): Promise<void> {
  const path = configPathFromEnv();
  let adminPassword: string | null = null;
  if (!existsSync(path) && path === DEFAULT_CONFIG_PATH) {
    ({ adminPassword } = await createFirstRunConfig(path));
    console.log(`First run: wrote ${path} with new tokens and a dashboard user.`);
  }
  const config = loadConfigFile(path);
  if ((await ensureDashboardBuilt()) === 'built') console.log('Built the dashboard.');
  const server = await startServer(config);
  const base = publicBaseUrl(config, server.url);

  const lines = [
    '',
    `School endpoint ${VERSION} listening on ${server.url}`,
    `Dashboard:  ${base}/dashboard/`,
    `Database:   ${describeDatabase(config.database, databasePath(config.dataDir))} (kept ${config.retentionDays} days)`,
  ];
  if (adminPassword) {
    lines.push('', `Dashboard sign-in: admin / ${adminPassword}`, 'This password is shown once; only its hash is stored. Add your own users with `npm run server -- hash-password`.');
  }
  lines.push('', 'Paste in the Admin console > Devices > Chrome > Apps & extensions > the extension > Policy for extensions:');
  const retirements = await server.store.tokens.retirements();
  for (const ouPolicy of ouPolicies(config, base, new Map(retirements.map((retirement) => [retirement.digest, retirement.retiresAt])))) lines.push(...policyLines(ouPolicy));
  console.log(lines.join('\n'));

  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
