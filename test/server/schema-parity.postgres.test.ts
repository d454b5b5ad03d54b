/**
 * PostgreSQL only (the server project leaves out *.postgres.test.ts; server-postgres runs it): the schema
 * PostgreSQL's migrations make has the tables, columns, NOT NULLs and indexes SQLite's make, so a store
 * ported from one engine finds what it reads on the other. Types differ by design (citext for SQLite's
 * COLLATE NOCASE, bytea for BLOB); server/src/store/migrations/migration.ts says why.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/src/store/sqlite/migrations';
import { startTestServer, type TestServer } from './harness/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

interface Column {
  table: string;
  column: string;
  notNull: boolean;
}

function sqliteSchema(): { columns: Column[]; indexes: string[] } {
  const db = new Database(':memory:');
  try {
    migrate(db);
    // table_xinfo, not table_info: it lists generated columns too (events.host, reports.device_key).
    const columns = db
      .prepare(`SELECT m.name AS "table", c.name AS "column", c."notnull" AS not_null, c.pk FROM sqlite_master m JOIN pragma_table_xinfo(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`)
      .all() as { table: string; column: string; not_null: number; pk: number }[];
    const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'`).pluck().all() as string[];
    // A primary key column holds no null on either engine (SQLite's STRICT tables refuse one as PostgreSQL does).
    return { columns: columns.map((c) => ({ table: c.table, column: c.column, notNull: c.not_null === 1 || c.pk > 0 })), indexes };
  } finally {
    db.close();
  }
}

const byName = (a: Column, b: Column) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`);

describe('the PostgreSQL schema', () => {
  it('has every table and column SQLite has, and no other, each as nullable', async () => {
    const postgres = await server.rows<{ table: string; column: string; nullable: string }>(
      `SELECT table_name AS "table", column_name AS "column", is_nullable AS nullable FROM information_schema.columns WHERE table_schema = current_schema()`,
    );
    // The one column PostgreSQL adds: SQLite's rowid, which SignInStore.withdrawFailure names, has no name in SQLite's schema.
    const expected = [...sqliteSchema().columns, { table: 'sign_in_failures', column: 'id', notNull: true }].sort(byName);
    expect(postgres.map((c) => ({ table: c.table, column: c.column, notNull: c.nullable === 'NO' })).sort(byName)).toEqual(expected);
  });

  it('has every index SQLite has, by name (keys and unique constraints aside, which each engine names its own way)', async () => {
    const postgres = await server.rows<{ name: string }>(
      `SELECT i.indexname AS name FROM pg_indexes i
       WHERE i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    );
    expect(postgres.map((row) => row.name).sort()).toEqual(sqliteSchema().indexes.sort());
  });
});
