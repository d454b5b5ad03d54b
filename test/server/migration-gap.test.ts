/**
 * Migration 10 (write limits and tokens) lands before 9 (another part of issue 21). The runner applies every
 * migration a database has not had, in order, so a gap is fine: a database made without 9 takes 9 when an
 * endpoint that knows it starts, and 10's tables are untouched.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../server/src/store/sqlite/migrations';

describe('a gap in the migration numbers', () => {
  it('runs without the missing number, and runs it later when it arrives', () => {
    const db = new Database(':memory:');
    try {
      const ran = migrate(db);
      expect(ran).toContain(10);
      expect(ran).not.toContain(9);
      const nine = { version: 9, name: 'stand-in for the other part of issue 21', sql: 'CREATE TABLE stand_in (x INTEGER) STRICT' };
      expect(migrate(db, [...MIGRATIONS, nine])).toEqual([9]);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['stand_in', 'write_windows', 'issued_tokens', 'token_retirements', 'token_trail']));
      expect(migrate(db, [...MIGRATIONS, nine])).toEqual([]);
    } finally {
      db.close();
    }
  });
});
