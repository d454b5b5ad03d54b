/**
 * PostgreSQL for the server tests (the `server-postgres` project): each test server gets a database of its
 * own, so test files run in parallel, made with the C locale the endpoint requires (server/src/store/postgres/open.ts).
 * The role and cluster come from scripts/postgres-for-tests.sh (.ci/run runs it); SCHOOL_ENDPOINT_TEST_PG_URL
 * names another server. Database names start with this run's id, so the run's global teardown drops what
 * a test left behind (a restart test that keeps its data directory) and no other run's.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_TEST_PG_URL = 'postgres://school_endpoint_test:school-endpoint-test-only@127.0.0.1:5432/postgres';
export const RUN_ENV = 'SCHOOL_ENDPOINT_TEST_PG_RUN';

export function testEngine(): 'sqlite' | 'postgres' {
  return process.env.SCHOOL_ENDPOINT_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
}

/** The maintenance database URL: CREATE and DROP DATABASE run there. */
export function adminUrl(): string {
  return process.env.SCHOOL_ENDPOINT_TEST_PG_URL ?? DEFAULT_TEST_PG_URL;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function runPrefix(): string {
  const run = process.env[RUN_ENV];
  if (!run) throw new Error(`${RUN_ENV} is unset: the server-postgres project's global setup sets it`);
  return `se_${run}_`;
}

/** One database per data directory: a restart test that reuses its directory finds its records again. */
export function databaseNameFor(dataDir: string): string {
  return runPrefix() + createHash('sha256').update(dataDir).digest('hex').slice(0, 20);
}

export function urlOf(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates the data directory's database if this run has not yet (in the C locale the endpoint needs, unless told otherwise); returns its URL. */
export async function ensureTestDatabase(dataDir: string, locale = "LOCALE 'C'"): Promise<string> {
  const name = databaseNameFor(dataDir);
  await withAdmin(async (client) => {
    const held = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (held.rowCount === 0) await client.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' ${locale}`);
  });
  return urlOf(name);
}

/**
 * Without FORCE first: FORCE would end every session on the database, and ending an autovacuum worker is
 * for superusers only (the test role is not one); a plain DROP stops autovacuum itself. FORCE is for a
 * session a test left open (a store it did not close), which the plain DROP waits 5 s on and refuses.
 */
async function drop(client: pg.Client, name: string): Promise<void> {
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
  } catch {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

export async function dropTestDatabase(dataDir: string): Promise<void> {
  await withAdmin((client) => drop(client, databaseNameFor(dataDir)));
}

/** Every database this run made (the global teardown). */
export async function dropRunDatabases(): Promise<number> {
  const prefix = runPrefix();
  return withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
    for (const { datname } of rows) await drop(client, datname);
    return rows.length;
  });
}

/** Rows read through a connection of the test's own; `?` placeholders, as SQLite writes them. bigint counts come back as numbers, as SQLite's do. */
export async function queryRows<T>(dataDir: string, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  let index = 0;
  const text = sql.replace(/\?/g, () => `$${++index}`);
  const client = new pg.Client({ connectionString: urlOf(databaseNameFor(dataDir)) });
  await client.connect();
  try {
    const { rows, fields } = await client.query(text, [...params]);
    const counts = fields.filter((field) => field.dataTypeID === 20).map((field) => field.name);
    return rows.map((row: Record<string, unknown>) => ({ ...row, ...Object.fromEntries(counts.map((name) => [name, row[name] === null ? null : Number(row[name])])) })) as T[];
  } finally {
    await client.end();
  }
}
