/**
 * One numbered schema change, written for each storage engine: the same tables, columns and meaning, in
 * each engine's own SQL. Never edit a migration that has shipped: add the next number (a file beside this
 * one, vN.ts, with both `sqlite` and `postgres`, listed in ./index.ts; the type makes both required, and
 * test/unit/migrations.test.ts checks every version is there for both, in order).
 *
 * Times are ISO 8601 UTC strings as `Date#toISOString` writes them (one fixed format), on both engines,
 * so they sort and compare as text: the stores' keyset pages, windows and retention cutoffs are the same
 * code on both, and nothing converts a time on its way in or out. PostgreSQL compares them byte by byte as
 * SQLite does because its database is made with the C collation (postgres/open.ts refuses any other).
 */
export interface Migration {
  version: number;
  name: string;
  /** SQLite's statements (STRICT tables, COLLATE NOCASE for names matched without case). */
  sqlite: string;
  /** PostgreSQL's statements (citext for names matched without case; "user" quoted, as PostgreSQL reserves it). */
  postgres: string;
}
