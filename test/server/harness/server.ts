/**
 * Starts the real endpoint for one test file: its own temp data directory
 * and a real database of its own (a SQLite file in it, or with
 * SCHOOL_ENDPOINT_TEST_ENGINE=postgres a PostgreSQL database: harness/postgres.ts),
 * 127.0.0.1 port 0, known tokens and dashboard users, and a clock the test can move.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../../server/src/auth/password';
import { parseConfig } from '../../../server/src/config/load';
import type { DatabaseSettings } from '../../../server/src/config/database';
import type { Config, ConfigFile } from '../../../server/src/config/schema';
import type { AlertNotifier } from '../../../server/src/monitoring/alert-notice';
import type { RiskMatcher } from '../../../server/src/monitoring/risks';
import { startServer, type RunningServer } from '../../../server/src/server';
import { databasePath } from '../../../server/src/store/sqlite/open';
import { dropTestDatabase, ensureTestDatabase, queryRows, testEngine } from './postgres';

export const DEVICE_TOKEN = 'device-token-for-tests-0123456789';
export const STAFF_TOKEN = 'staff-token-for-tests-0123456789';
export const OTHER_DEVICE_TOKEN = 'second-device-token-for-tests-42';
export const IT_LEAD = { username: 'itlead', password: 'correct horse battery staple' };
export const DSL = { username: 'dsl', password: 'another long passphrase here' };

let hashes: Promise<[string, string]> | null = null;
function dashboardHashes(): Promise<[string, string]> {
  hashes ??= Promise.all([hashPassword(IT_LEAD.password), hashPassword(DSL.password)]);
  return hashes;
}

export interface TestServer extends RunningServer {
  config: Config;
  dataDir: string;
  /** The clock the server sees; move it with `clock.set`. */
  clock: { now(): Date; set(date: Date): void; advanceMinutes(minutes: number): void };
  /** Row counts read through a second connection to the same database. */
  counts(): Promise<Record<(typeof TABLES)[number], number>>;
  /** Rows read through a second connection to the same database (readRows). */
  rows<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** fetch against the server, relative path. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export interface TestServerOptions {
  config?: Partial<ConfigFile>;
  start?: Date;
  /** The wall clock instead of a test clock: for e2e, where devices live in real time (allowlists start and end). */
  realClock?: boolean;
  /** Collects the process log (JSON lines, level info and up) instead of silencing it. */
  logLines?: string[];
  /** Reuse this data directory (and leave it in place on close): for restart tests. */
  dataDir?: string;
  /** The phrase matcher and the alert notifier the app is built with (buildApp's defaults otherwise). */
  riskMatcher?: RiskMatcher;
  alertNotifier?: AlertNotifier;
  /** How often the notifications' outbox looks for retries and the digest's hour (the server's default is 15 s). */
  notificationPollMs?: number;
  /** How long the app trusts its copy of the issued tokens (0: read them on every request, for two apps on one database). */
  tokenCacheMs?: number;
  /** The engine, whatever the project runs on: a test of both at once (moving from SQLite to PostgreSQL). */
  engine?: 'sqlite' | 'postgres';
}

export const TABLES = ['events', 'devices', 'reports', 'report_trail', 'report_versions', 'overrides', 'school_list_entries', 'school_list_trail', 'roster', 'sessions', 'sign_in_failures', 'alerts', 'alert_evidence', 'alert_trail'] as const;

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'school-endpoint-test-'));
  const [itLeadHash, dslHash] = await dashboardHashes();
  const engine = options.engine ?? testEngine();
  const database = await testDatabase(dataDir, engine);
  const config = parseConfig(
    {
      listen: { host: '127.0.0.1', port: 0 },
      dataDir,
      // None by default: the repository's rules/build may hold a school's full lists, slow to read at every start.
      // Tests of locked categories set their own (harness/rules.ts).
      rulesDir: join(dataDir, 'no-rules'),
      tokens: [
        { token: DEVICE_TOKEN, scope: 'device', label: 'pupils' },
        { token: OTHER_DEVICE_TOKEN, scope: 'device', label: 'pupils-site-b' },
        { token: STAFF_TOKEN, scope: 'staff', label: 'staff' },
      ],
      dashboardUsers: [
        { username: IT_LEAD.username, passwordHash: itLeadHash, role: 'it-lead' },
        { username: DSL.username, passwordHash: dslHash, role: 'dsl' },
      ],
      database,
      ...options.config,
    },
    'test config',
    dataDir,
  );
  let current = options.start ?? new Date();
  const clock = {
    now: () => new Date(current),
    set: (date: Date) => void (current = date),
    advanceMinutes: (minutes: number) => void (current = new Date(current.getTime() + minutes * 60_000)),
  };
  const logLines = options.logLines;
  const log = logLines ? { logLevel: 'info', logStream: { write: (line: string) => void logLines.push(line) } } : { logLevel: 'silent' };
  const monitoring = { riskMatcher: options.riskMatcher, alertNotifier: options.alertNotifier };
  const running = await startServer(config, { now: options.realClock ? () => new Date() : clock.now, notificationPollMs: options.notificationPollMs, tokenCacheMs: options.tokenCacheMs, ...log, ...monitoring });
  return {
    ...running,
    config,
    dataDir,
    clock,
    async counts() {
      const [counts] = await readRows<Record<(typeof TABLES)[number], number>>(dataDir, `SELECT ${TABLES.map((table) => `(SELECT count(*) FROM ${table}) AS ${table}`).join(', ')}`, [], engine);
      return counts!;
    },
    rows: (sql, params) => readRows(dataDir, sql, params, engine),
    fetch: (path, init) => fetch(`${running.url}${path}`, init),
    async close() {
      await running.close();
      if (!options.dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
        if (engine === 'postgres') await dropTestDatabase(dataDir);
      }
    },
  };
}

/** The database a test server on this data directory uses, on the engine the tests run on (made if need be). */
export async function testDatabase(dataDir: string, engine = testEngine()): Promise<DatabaseSettings> {
  return engine === 'postgres' ? { engine: 'postgres', url: await ensureTestDatabase(dataDir) } : { engine: 'sqlite' };
}

/**
 * Rows from a test server's database, on the engine the tests run on: SQL both engines read (`?` placeholders;
 * "user" quoted, as PostgreSQL reserves it), through a connection of the test's own.
 */
export async function readRows<T>(dataDir: string, sql: string, params: readonly unknown[] = [], engine = testEngine()): Promise<T[]> {
  if (engine === 'postgres') return queryRows<T>(dataDir, sql, params);
  const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export function jsonPost(token: string | null, body: unknown, method = 'POST'): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...(token ? bearer(token) : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}
