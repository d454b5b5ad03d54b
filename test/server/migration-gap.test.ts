/**
 * Migrations 9 and 10 were written at the same time on two branches, and a later migration can land before an
 * earlier one. The runner applies every migration a database has not had, in order, so a gap is fine: a
 * database made without 9 takes 9 when an endpoint that knows it starts, and what came after is untouched.
 * Each engine has its own runner (sqlite/migrations.ts, postgres/migrations.ts): the one the tests run on is checked.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, type Migration } from '../../server/src/store/migrations';
import { createPool, PgDb } from '../../server/src/store/postgres/db';
import { migratePostgres } from '../../server/src/store/postgres/migrations';
import { migrate } from '../../server/src/store/sqlite/migrations';
import { dropTestDatabase, ensureTestDatabase, testEngine } from './harness/postgres';

/** A fresh, empty database on the engine under test: its runner, and the names of its tables and of a table's columns. */
interface Empty {
  migrate(migrations?: readonly Migration[]): Promise<number[]>;
  tables(): Promise<string[]>;
  columns(table: string): Promise<string[]>;
}

async function withEmptyDatabase(test: (db: Empty) => Promise<void>): Promise<void> {
  if (testEngine() === 'sqlite') {
    const db = new Database(':memory:');
    try {
      await test({
        migrate: async (migrations) => migrate(db, migrations),
        tables: async () => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
        columns: async (table) => db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[],
      });
    } finally {
      db.close();
    }
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'migration-gap-'));
  const pool = createPool(await ensureTestDatabase(dir));
  const db = new PgDb(pool);
  try {
    await test({
      migrate: (migrations) => migratePostgres(db, migrations),
      tables: async () => (await db.all<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")).map((row) => row.name),
      columns: async (table) => (await db.all<{ name: string }>('SELECT column_name AS name FROM information_schema.columns WHERE table_name = @table', { table })).map((row) => row.name),
    });
  } finally {
    await pool.end();
    await dropTestDatabase(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a gap in the migration numbers', () => {
  it('runs without the missing number, and runs it later when it arrives', async () => {
    await withEmptyDatabase(async (db) => {
      const withoutNine = MIGRATIONS.filter((migration) => migration.version !== 9);
      const ran = await db.migrate(withoutNine);
      expect(ran).toContain(10);
      expect(ran).not.toContain(9);
      expect(await db.columns('events')).not.toContain('verified');
      expect(await db.migrate()).toEqual([9]);
      expect(await db.columns('events')).toEqual(expect.arrayContaining(['verified', 'proof_problem']));
      expect(await db.tables()).toEqual(expect.arrayContaining(['write_windows', 'issued_tokens', 'token_retirements', 'token_trail']));
      expect(await db.migrate()).toEqual([]);
    });
  });
});
