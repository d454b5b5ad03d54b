/**
 * The rows the migrations themselves write (school_list_version's one row, migration 5, and schema_migrations'), counted by migrating
 * an empty SQLite database in memory: both engines' migrations write the same rows. A target holding no more
 * than these holds no records, and these give way to the source's own.
 */
import Database from 'better-sqlite3';
import { migrate } from '../sqlite/migrations';
import { quoteName } from './source';

export function rowsTheMigrationsWrite(): Map<string, number> {
  const db = new Database(':memory:');
  try {
    migrate(db);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
    return new Map(tables.map((table) => [table, db.prepare(`SELECT count(*) FROM ${quoteName(table)}`).pluck().get() as number]));
  } finally {
    db.close();
  }
}
