/**
 * The SQLite side of a move: the file opened read-only (the move never writes it, so going back is starting
 * the endpoint on it again), its schema version checked against this build's, its tables and columns, and
 * each table's rows streamed in batches inside one read transaction, so every table is read as of one moment
 * and a table of millions of events never sits in memory.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { MIGRATIONS, newestKnownVersion } from '../migrations';

export interface SourceTable {
  name: string;
  /** Its stored columns (generated ones are computed again by the target). */
  columns: string[];
}

export class SqliteSource {
  private constructor(private readonly db: Database.Database, readonly file: string) {}

  /** Refuses a file that is missing or whose schema is not exactly this build's. */
  static open(file: string): SqliteSource {
    if (!existsSync(file)) throw new Error(`no SQLite database at ${file}`);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      checkSchemaVersion(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteSource(db, file);
  }

  /** Every table the migrations made; schema_migrations too (the versions are the target's already, checked; when each ran is the school's history). */
  tables(): SourceTable[] {
    const names = this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    return names.map((name) => ({
      name,
      // table_xinfo's hidden: 0 a stored column, 2 and 3 generated ones (events.host, reports.device_key).
      columns: (this.db.prepare('SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid').pluck().all(name) as string[]),
    }));
  }

  /** The highest id an AUTOINCREMENT table has handed out, deleted rows' included (the target's identities start past it). */
  highestIssuedIds(): Map<string, bigint> {
    const held = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'`).get();
    if (!held) return new Map();
    const rows = this.db.prepare('SELECT name, seq FROM sqlite_sequence').safeIntegers(true).all() as { name: string; seq: bigint }[];
    return new Map(rows.map((row) => [row.name, row.seq]));
  }

  /**
   * The table's rows, `batchRows` at a time, as arrays in `columns` order; `rowid` may be named for a target
   * identity column SQLite keeps as its hidden rowid (sign_in_failures.id). Integers come as bigint, whole.
   */
  *batches(table: string, columns: readonly string[], batchRows: number): Generator<unknown[][]> {
    const select = columns.map((column) => (column === 'rowid' ? 'rowid' : quoteName(column))).join(', ');
    const rows = this.db.prepare(`SELECT ${select} FROM ${quoteName(table)}`).safeIntegers(true).raw(true).iterate() as IterableIterator<unknown[]>;
    let batch: unknown[][] = [];
    for (const row of rows) {
      batch.push(row);
      if (batch.length === batchRows) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /**
   * Runs `read` inside one read transaction and says whether any other connection (a running endpoint)
   * committed to the file meanwhile: SQLite's data_version changes exactly then. The copy made is of one
   * moment either way; a change means records arrived that it does not hold.
   */
  async readingOneMoment<T>(read: () => Promise<T>): Promise<{ result: T; changedMeanwhile: boolean }> {
    const version = () => this.db.pragma('data_version', { simple: true }) as number;
    const before = version();
    this.db.exec('BEGIN');
    let result: T;
    try {
      result = await read();
    } finally {
      this.db.exec('COMMIT');
    }
    return { result, changedMeanwhile: version() !== before };
  }

  close(): void {
    this.db.close();
  }
}

export function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function checkSchemaVersion(db: Database.Database): void {
  const known = newestKnownVersion(MIGRATIONS);
  const held = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  const versions = held ? (db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[]) : [];
  const newest = Math.max(0, ...versions);
  if (newest > known) {
    throw new Error(`The SQLite database is at schema version ${newest}, newer than this endpoint knows (${known}): move it with the newer endpoint's command.`);
  }
  const missing = MIGRATIONS.map((migration) => migration.version).filter((version) => !versions.includes(version));
  if (missing.length > 0) {
    throw new Error(
      `The SQLite database is at schema version ${newest}, older than this endpoint's ${known}: start this endpoint once on it (database engine sqlite) so it migrates the file, stop it, then move.`,
    );
  }
}
