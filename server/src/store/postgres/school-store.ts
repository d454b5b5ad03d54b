import { renameSchoolSql, SCHOOL_TABLES, type SchoolTable } from '../school-tables';
import type { SchoolStore } from '../store';
import type { PgDb } from './db';

export function postgresSchoolStore(db: PgDb): SchoolStore {
  return {
    async rename(from, to) {
      // One transaction: a clash in any table (a unique key) undoes every table's change.
      return db.transaction(async (tx) => {
        const moved: { table: SchoolTable; rows: number }[] = [];
        for (const table of SCHOOL_TABLES) moved.push({ table, rows: await tx.run(renameSchoolSql(table), { from, to }) });
        return moved;
      });
    },
  };
}
