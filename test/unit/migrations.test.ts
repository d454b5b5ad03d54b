/**
 * One list of schema migrations for both storage engines (server/src/store/migrations/): every version
 * has its SQLite and its PostgreSQL statements, numbered without gaps, each file listed once. What each
 * engine's statements make is compared in test/server/schema-parity.postgres.test.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/src/store/migrations';

const FOLDER = join(import.meta.dirname, '..', '..', 'server', 'src', 'store', 'migrations');

/** The statements without comments and quoted literals, so a word inside either is not taken for SQL. */
function code(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/'(?:[^']|'')*'/g, "''");
}

describe('schema migrations', () => {
  it('are numbered 1, 2, 3 … without a gap or a repeat', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
  });

  it('list every vN.ts file in the folder, each under its own number', () => {
    const files = readdirSync(FOLDER).filter((name) => /^v\d+\.ts$/.test(name));
    expect(files.map((name) => Number(name.slice(1, -3))).sort((a, b) => a - b)).toEqual(MIGRATIONS.map((migration) => migration.version));
  });

  it.each(MIGRATIONS.map((migration) => [migration.version, migration] as const))('version %i has statements for both engines', (_, migration) => {
    expect(code(migration.sqlite).trim()).not.toBe('');
    expect(code(migration.postgres).trim()).not.toBe('');
    expect(migration.name.trim()).not.toBe('');
  });

  it('never leave user unquoted in PostgreSQL, where it means the signed-in role (current_user), not a column', () => {
    const unquoted = MIGRATIONS.filter((migration) => /(?<!["\w])user(?!["\w])/i.test(code(migration.postgres))).map((migration) => migration.version);
    expect(unquoted).toEqual([]);
  });
});
