/**
 * Opens the endpoint's PostgreSQL database: a pool of connections, the collation checked, the schema
 * migrated. Times and names are compared as text, byte by byte, as SQLite does (../migrations/migration.ts
 * says why), so the database must use the C collation; any other would order times and names by language
 * rules, and the endpoint refuses it rather than sort quietly wrong.
 */
import type pg from 'pg';
import { createPool, PgDb } from './db';
import { migratePostgres } from './migrations';

const BYTE_ORDER_COLLATIONS = new Set(['C', 'POSIX', 'C.UTF-8', 'C.utf8']);

export async function openPostgres(url: string): Promise<{ pool: pg.Pool; db: PgDb }> {
  const pool = createPool(url);
  const db = new PgDb(pool);
  try {
    const database = await db.one<{ name: string; collation: string }>('SELECT datname AS name, datcollate AS collation FROM pg_database WHERE datname = current_database()');
    if (!database || !BYTE_ORDER_COLLATIONS.has(database.collation)) {
      throw new Error(
        `The PostgreSQL database ${database?.name ?? ''} uses the collation ${database?.collation ?? 'unknown'}; the endpoint needs C (byte order, as SQLite compares text): create it with \`createdb --template=template0 --locale=C.UTF-8 <name>\``,
      );
    }
    await migratePostgres(db);
    return { pool, db };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
