/**
 * Opens the endpoint's PostgreSQL database: a pool of connections, the collation checked, the schema
 * migrated. Times and names are compared as text, byte by byte, as SQLite does (../migrations/migration.ts
 * says why), so the database must use the C collation; any other would order times and names by language
 * rules, and the endpoint refuses it rather than sort quietly wrong.
 */
import type pg from 'pg';
import { createPool, PgDb } from './db';
import { POSTGRES_GROUP_WRITERS } from './event-store';
import { migratePostgres } from './migrations';

/**
 * Connections per endpoint process. Under load every upload holds one briefly for its write-limit count (waiting
 * its turn on its token's row) and the event groups hold theirs for their transactions; a device asking for its
 * allowlists must still find one free. At 10, 16 posting clients kept GET /v1/overrides waiting for a connection
 * (p95 over 100 ms, against under 30 at 20 in the same small runs on the shared machine: direction, not figures).
 */
const POOL_SIZE = 16 + POSTGRES_GROUP_WRITERS;

const BYTE_ORDER_COLLATIONS = new Set(['C', 'POSIX', 'C.UTF-8', 'C.utf8']);

export async function openPostgres(url: string): Promise<{ pool: pg.Pool; db: PgDb }> {
  const pool = createPool(url, POOL_SIZE);
  const db = new PgDb(pool);
  try {
    // An ICU default (datlocprovider 'i', PostgreSQL 15 and later) orders by language rules whatever datcollate says; read through
    // to_jsonb so an older server, without those columns, answers too.
    const database = await db.one<{ name: string; collation: string; provider: string | null; icu: string | null }>(
      `SELECT datname AS name, datcollate AS collation, to_jsonb(d) ->> 'datlocprovider' AS provider, to_jsonb(d) ->> 'daticulocale' AS icu
       FROM pg_database d WHERE datname = current_database()`,
    );
    if (!database) throw new Error('PostgreSQL did not describe the database it connected to');
    const icu = database.provider !== null && database.provider !== 'c';
    if (icu || !BYTE_ORDER_COLLATIONS.has(database.collation)) {
      const collation = icu ? `the ICU collation ${database.icu ?? ''}` : `the collation ${database.collation}`;
      throw new Error(
        `The PostgreSQL database ${database.name} uses ${collation}; the endpoint needs C (byte order, as SQLite compares text): create it with \`createdb --template=template0 --locale=C.UTF-8 --locale-provider=libc <name>\``,
      );
    }
    await migratePostgres(db);
    return { pool, db };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
