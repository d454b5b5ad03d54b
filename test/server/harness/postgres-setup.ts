/**
 * Before the server tests on PostgreSQL, once: the server is reachable as the test role (a clear message
 * if not), and this run gets its id; after them, every database the run made is dropped.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { adminUrl, dropRunDatabases, RUN_ENV } from './postgres';

export default async function setup(): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: adminUrl() });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`The server tests on PostgreSQL need a server at ${adminUrl().replace(/:[^:@/]*@/, ':***@')}: run scripts/postgres-for-tests.sh (as root) or set SCHOOL_ENDPOINT_TEST_PG_URL. ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  // Workers start after global setup and inherit its environment.
  process.env[RUN_ENV] = randomBytes(4).toString('hex');
  return async () => {
    await dropRunDatabases();
  };
}
