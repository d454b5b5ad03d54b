import type { Database } from 'better-sqlite3';
import { renameSchoolSql, SCHOOL_TABLES } from '../school-tables';
import type { SchoolStore } from '../store';

export function sqliteSchoolStore(db: Database): SchoolStore {
  // One IMMEDIATE transaction: a clash in any table (SQLITE_CONSTRAINT) undoes every table's change.
  const rename = db.transaction((from: string, to: string) => SCHOOL_TABLES.map((table) => ({ table, rows: db.prepare(renameSchoolSql(table)).run({ from, to }).changes })));
  return {
    async rename(from, to) {
      return rename.immediate(from, to);
    },
  };
}
