import type { Database, Statement } from 'better-sqlite3';

/**
 * Prepares each statement text once: the stores' reads come in two texts (every school's, one school's:
 * ../school-filter.ts), and preparing on every call would parse the SQL again each time.
 */
export function statementCache(db: Database): (sql: string) => Statement {
  const prepared = new Map<string, Statement>();
  return (sql) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
}
