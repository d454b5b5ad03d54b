/**
 * Reads and validates the config: the JSON file, then environment overrides
 * (handy for containers and tests), with every problem reported at once as
 * `file: path: message`, so an IT admin can fix the file in one go.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { resolveDatabase } from './database';
import { resolveGoogleSignIn } from './google-sign-in';
import { resolveIdentityProof } from './identity-proof';
import { resolveNotificationSecrets } from './notifications';
import { configSchema, type Config } from './schema';

export const SERVER_DIR = resolve(import.meta.dirname, '..', '..');
export const DEFAULT_CONFIG_PATH = join(SERVER_DIR, 'config.json');
/** Where `npm run rules` writes the compiled rulesets in this checkout: the endpoint's lists when `rulesDir` is unset. */
export const REPOSITORY_RULES_DIR = resolve(SERVER_DIR, '..', 'rules', 'build');

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function configPathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.SCHOOL_ENDPOINT_CONFIG ? resolve(env.SCHOOL_ENDPOINT_CONFIG) : DEFAULT_CONFIG_PATH;
}

/** SCHOOL_ENDPOINT_HOST, _PORT and _DATA_DIR beat the file: one config, several environments. */
function applyEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const listen = { ...((raw.listen as Record<string, unknown> | undefined) ?? {}) };
  if (env.SCHOOL_ENDPOINT_HOST) listen.host = env.SCHOOL_ENDPOINT_HOST;
  if (env.SCHOOL_ENDPOINT_PORT) listen.port = /^\d+$/.test(env.SCHOOL_ENDPOINT_PORT) ? Number(env.SCHOOL_ENDPOINT_PORT) : env.SCHOOL_ENDPOINT_PORT;
  const withEnv: Record<string, unknown> = { ...raw, listen };
  if (env.SCHOOL_ENDPOINT_DATA_DIR) withEnv.dataDir = resolve(env.SCHOOL_ENDPOINT_DATA_DIR);
  return withEnv;
}

export function formatIssues(source: string, error: z.ZodError): string {
  return error.issues.map((issue) => `${source}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('\n');
}

/** Validates a config object; relative `dataDir`, `rulesDir` and risk phrase files are taken from `baseDir`. */
export function parseConfig(raw: unknown, source: string, baseDir: string, env: NodeJS.ProcessEnv = {}): Config {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${source}: the config must be a JSON object`);
  const result = configSchema.safeParse(applyEnv(raw as Record<string, unknown>, env));
  if (!result.success) throw new ConfigError(`Invalid config:\n${formatIssues(source, result.error)}`);
  const { dataDir, rulesDir, riskPhrases, notifications: notificationsFile, googleSignIn: googleFile, identityProof: proofFile, publicUrl, database: databaseFile } = result.data;
  const issues: { path: (string | number)[]; message: string }[] = [];
  let notifications: Config['notifications'] = null;
  if (notificationsFile && publicUrl) {
    const resolved = resolveNotificationSecrets(notificationsFile, publicUrl, baseDir, env);
    issues.push(...resolved.issues);
    notifications = resolved.settings;
  }
  let googleSignIn: Config['googleSignIn'] = null;
  if (googleFile && publicUrl) {
    const resolved = resolveGoogleSignIn(googleFile, publicUrl, baseDir, env);
    if ('issue' in resolved) issues.push(resolved.issue);
    else googleSignIn = resolved.settings;
  }
  const database = resolveDatabase(databaseFile, baseDir, env);
  if ('issue' in database) issues.push(database.issue);
  let identityProof: Config['identityProof'] = null;
  if (proofFile) {
    const resolved = resolveIdentityProof(proofFile, googleSignIn);
    if ('issue' in resolved) issues.push(resolved.issue);
    else identityProof = resolved.settings;
  }
  if (issues.length > 0) throw new ConfigError(`Invalid config:\n${issues.map((issue) => `${source}: ${issue.path.join('.')}: ${issue.message}`).join('\n')}`);
  return {
    ...result.data,
    notifications,
    googleSignIn,
    database: 'settings' in database ? database.settings : { engine: 'sqlite' },
    identityProof,
    dataDir: resolve(baseDir, dataDir),
    // A missing directory is not an error here: the endpoint starts, warns, and still refuses lockedDomains.
    rulesDir: rulesDir === undefined ? REPOSITORY_RULES_DIR : resolve(baseDir, rulesDir),
    riskPhrases: { extraFiles: riskPhrases.extraFiles.map((file) => resolve(baseDir, file)) },
    configPath: source,
  };
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): Config {
  if (!existsSync(path)) throw new ConfigError(`${path}: no such config file`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(raw, path, dirname(path), env);
}
