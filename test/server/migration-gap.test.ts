/**
 * Migrations 9 and 10 were written at the same time on two branches, and a later migration can land before an
 * earlier one. The runner applies every migration a database has not had, in order, so a gap is fine: a
 * database made without 9 takes 9 when an endpoint that knows it starts, and what came after is untouched.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../server/src/store/sqlite/migrations';

describe('a gap in the migration numbers', () => {
  it('runs without the missing number, and runs it later when it arrives', () => {
    const db = new Database(':memory:');
    try {
      const withoutNine = MIGRATIONS.filter((migration) => migration.version !== 9);
      const ran = migrate(db, withoutNine);
      expect(ran).toContain(10);
      expect(ran).not.toContain(9);
      expect(migrate(db)).toEqual([9]);
      const eventColumns = db.prepare("SELECT name FROM pragma_table_info('events')").pluck().all();
      expect(eventColumns).toEqual(expect.arrayContaining(['verified', 'proof_problem']));
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['write_windows', 'issued_tokens', 'token_retirements', 'token_trail']));
      expect(migrate(db)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
