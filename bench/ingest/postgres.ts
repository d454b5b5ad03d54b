/**
 * PostgreSQL for `bench:ingest`: a fresh database per level on the server the tests use
 * (scripts/postgres-for-tests.sh starts it; SCHOOL_ENDPOINT_TEST_PG_URL names another), in the C locale
 * the endpoint requires, and the ids it holds afterwards for the exactly-once check.
 *
 * Commits are durable as PostgreSQL ships (`synchronous_commit = on`, set in the connection's startup
 * options so it beats the test role's `off`): the figure is what a school's own server would do.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const DEFAULT_ADMIN_URL = 'postgres://school_endpoint_test:school-endpoint-test-only@127.0.0.1:5432/postgres';

function adminUrl(): string {
  return process.env.SCHOOL_ENDPOINT_TEST_PG_URL ?? DEFAULT_ADMIN_URL;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface BenchDatabase {
  /** What the endpoint's `database.url` is given. */
  url: string;
  storedIds(): Promise<Set<string>>;
  drop(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `bench_ingest_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl(), (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  url.searchParams.set('options', '-c synchronous_commit=on');
  const databaseUrl = url.toString();
  return {
    url: databaseUrl,
    storedIds: () => withClient(databaseUrl, async (client) => new Set((await client.query<{ id: string }>('SELECT id FROM events')).rows.map((row) => row.id))),
    drop: () => dropWhenFree(name),
  };
}

/**
 * FORCE ends the endpoint's leftover connections, but not an autovacuum worker's (a superuser's: "must be a member
 * of the role whose process is being terminated", measured at the end of a 64-client level); it ends by itself
 * within a moment, so the drop is tried again for up to 10 s rather than failing a run whose figures are taken.
 */
async function dropWhenFree(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withClient(adminUrl(), (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** What the server's sessions actually run with, so the run records it rather than assuming. */
export async function synchronousCommitOf(url: string): Promise<string> {
  return withClient(url, async (client) => (await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!.synchronous_commit);
}
