/**
 * Applies the numbered schema migrations (../migrations/) to PostgreSQL, in order, one transaction each,
 * recorded in `schema_migrations`. Several endpoint processes may start at once: each migration runs under
 * an advisory lock and re-reads what is applied, so every version runs exactly once.
 */
import { MIGRATIONS, newerDatabaseMessage, newestKnownVersion, type Migration } from '../migrations';
import type { PgDb } from './db';

const MIGRATION_LOCK = 'school-endpoint schema migrations';

export async function migratePostgres(db: PgDb, migrations: readonly Migration[] = MIGRATIONS, now: () => Date = () => new Date()): Promise<number[]> {
  const known = newestKnownVersion(migrations);
  const ran: number[] = [];
  const applied = () => db.all<{ version: number }>('SELECT version FROM schema_migrations').then((rows) => new Set(rows.map((row) => row.version)));
  await db.transaction(async (tx) => {
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)');
  }, MIGRATION_LOCK);
  const newest = Math.max(0, ...(await applied()));
  if (newest > known) throw new Error(newerDatabaseMessage(newest, known));
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    await db.transaction(async (tx) => {
      const done = await tx.one('SELECT 1 FROM schema_migrations WHERE version = @version', { version: migration.version });
      if (done) return;
      await tx.exec(migration.postgres);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)', { version: migration.version, name: migration.name, at: now().toISOString() });
      ran.push(migration.version);
    }, MIGRATION_LOCK);
  }
  return ran;
}
