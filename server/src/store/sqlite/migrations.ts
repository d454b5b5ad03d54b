/**
 * Applies the numbered schema migrations (../migrations/) to SQLite, in order, inside a transaction each,
 * recorded in `schema_migrations`.
 */
import type { Database } from 'better-sqlite3';
import { MIGRATIONS, newerDatabaseMessage, newestKnownVersion, type Migration } from '../migrations';

export { MIGRATIONS, type Migration } from '../migrations';

export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, now: () => Date = () => new Date()): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const newest = Math.max(0, ...applied);
  const known = newestKnownVersion(migrations);
  if (newest > known) throw new Error(newerDatabaseMessage(newest, known));
  const ran: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sqlite);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, now().toISOString());
    })();
    ran.push(migration.version);
  }
  return ran;
}
