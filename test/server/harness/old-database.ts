/**
 * A database left by an older endpoint, on the engine the tests run on: migrated only up to `version`,
 * with rows written as that endpoint would have. Starting a test server on the same data directory then
 * runs the later migrations on it, as an upgrade does. Statements take `@name` parameters and quote
 * "user", so one text serves both engines.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { MIGRATIONS } from '../../../server/src/store/migrations';
import { createPool, PgDb } from '../../../server/src/store/postgres/db';
import { migratePostgres } from '../../../server/src/store/postgres/migrations';
import { migrate } from '../../../server/src/store/sqlite/migrations';
import { databasePath } from '../../../server/src/store/sqlite/open';
import { ensureTestDatabase, testEngine } from './postgres';

type Write = (sql: string, params?: Record<string, unknown>) => Promise<void>;

export async function oldDatabase(dataDir: string, version: number, write: (run: Write) => Promise<void>): Promise<void> {
  const upTo = MIGRATIONS.filter((migration) => migration.version <= version);
  if (testEngine() === 'postgres') {
    const pool = createPool(await ensureTestDatabase(dataDir), 1);
    try {
      const db = new PgDb(pool);
      await migratePostgres(db, upTo);
      await write(async (sql, params) => void (await db.run(sql, params)));
    } finally {
      await pool.end();
    }
    return;
  }
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(databasePath(dataDir));
  try {
    migrate(db, upTo);
    await write(async (sql, params) => void db.prepare(sql).run(params ?? {}));
  } finally {
    db.close();
  }
}
