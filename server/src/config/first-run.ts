/**
 * First run with no config: a working loopback setup, so `npm run server`
 * works out of the box. Random device and staff tokens, and an `admin`
 * dashboard user whose random password is returned to print once; only its
 * hash is written. The file is readable by its owner only: it holds tokens.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { hashPassword } from '../auth/password';
import { REPOSITORY_RULES_DIR } from './load';
import { DEFAULT_ALERT_CATEGORIES, DEFAULT_LOCKED_CATEGORIES, type ConfigFile } from './schema';

export interface FirstRun {
  path: string;
  adminPassword: string;
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function createFirstRunConfig(path: string): Promise<FirstRun> {
  const adminPassword = randomBytes(15).toString('base64url');
  const config: ConfigFile = {
    listen: { host: '127.0.0.1', port: 8787 },
    dataDir: 'data',
    tokens: [
      { token: randomToken(), scope: 'device', label: 'pupils' },
      { token: randomToken(), scope: 'staff', label: 'staff' },
    ],
    dashboardUsers: [{ username: 'admin', passwordHash: await hashPassword(adminPassword), role: 'it-lead' }],
    retentionDays: 365,
    maxOverrideMinutes: 120,
    alertCategories: DEFAULT_ALERT_CATEGORIES,
    heartbeatStaleMinutes: 30,
    lockedCategories: [...DEFAULT_LOCKED_CATEGORIES],
    lockedDomains: [],
    // Written out, though it is the default, so an IT admin sees where the locked categories' lists come from.
    rulesDir: relative(dirname(path), REPOSITORY_RULES_DIR),
  };
  mkdirSync(dirname(path), { recursive: true });
  // `wx`: never overwrite a config that appeared meanwhile.
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  mkdirSync(resolve(dirname(path), 'data'), { recursive: true, mode: 0o700 });
  return { path, adminPassword };
}
