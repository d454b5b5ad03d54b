/**
 * Moves a school's records from its SQLite file to a PostgreSQL database (server/README.md, "Moving from
 * SQLite to PostgreSQL"). The target is migrated first (the endpoint's own migrations, its collation checked),
 * then, in one transaction: refused if it holds records, every table copied in an order its foreign keys allow,
 * in batches, identities moved past the copied ids, and every table checked (row count and checksum of the
 * values, the same computation over what SQLite held and what PostgreSQL holds). Anything wrong rolls the
 * whole copy back: the target is left without records, and the SQLite file is only ever read.
 */
import { inTransaction } from '../postgres/db';
import { openPostgres } from '../postgres/open';
import { TableChecksum } from './checksum';
import { canonical, toTarget, ValueRefused, type TargetValue } from './column-values';
import { planMove, type TablePlan } from './plan';
import { rowsTheMigrationsWrite } from './seed-rows';
import { SqliteSource } from './source';
import { PostgresTarget } from './target';

export const DEFAULT_BATCH_ROWS = 5_000;

export interface MoveOptions {
  sqliteFile: string;
  postgresUrl: string;
  batchRows?: number;
  /** After each batch is written (rows: the table's so far). The move waits for it. */
  progress?: (step: { table: string; rows: number }) => void | Promise<void>;
}

export interface MovedTable {
  table: string;
  rows: number;
  /** The same on both sides, or the move would have been rolled back. */
  checksum: string;
}

/** The move did not happen, for a reason the user can act on; the target holds no records. */
export class MoveRefused extends Error {}

export async function moveToPostgres(options: MoveOptions): Promise<MovedTable[]> {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const source = SqliteSource.open(options.sqliteFile);
  try {
    const { pool } = await openPostgres(options.postgresUrl);
    try {
      return await inTransaction(pool, async (client) => {
        const target = new PostgresTarget(client);
        const plans = planMove(source.tables(), await target.tables());
        await refuseHeldRecordsAndClearMigrationRows(target, plans);
        const { result, changedMeanwhile } = await source.readingOneMoment(async () => {
          const sums = await copyTables(source, target, plans, batchRows, options.progress);
          return verify(target, plans, sums, batchRows);
        });
        if (changedMeanwhile) {
          throw new MoveRefused('The SQLite database changed while it was being moved (is the endpoint still running?): stop every endpoint process and move again. Nothing was moved.');
        }
        return result;
      });
    } finally {
      await pool.end();
    }
  } finally {
    source.close();
  }
}

/** More rows than the migrations write, in any table, are someone's records: refuse rather than mix two schools' histories. */
async function refuseHeldRecordsAndClearMigrationRows(target: PostgresTarget, plans: readonly TablePlan[]): Promise<void> {
  const seeded = rowsTheMigrationsWrite();
  const held: string[] = [];
  const migrationRows: string[] = [];
  for (const { table } of plans) {
    const allowed = seeded.get(table) ?? 0;
    const count = await target.countUpTo(table, allowed + 1);
    if (count > allowed) held.push(table);
    else if (count > 0) migrationRows.push(table);
  }
  if (held.length > 0) {
    throw new MoveRefused(
      `The PostgreSQL database already holds records (in ${held.join(', ')}): move into a new, empty database (createdb, server/README.md "Moving from SQLite to PostgreSQL"). Nothing was changed.`,
    );
  }
  // The migrations' own rows give way to the source's (its migrations wrote them too, and the school may since have changed them); children first, as keys require.
  for (const table of migrationRows.reverse()) await target.clear(table);
}

async function copyTables(source: SqliteSource, target: PostgresTarget, plans: readonly TablePlan[], batchRows: number, progress: MoveOptions['progress']): Promise<Map<string, TableChecksum>> {
  const issued = source.highestIssuedIds();
  const sums = new Map<string, TableChecksum>();
  for (const plan of plans) {
    const sum = new TableChecksum();
    for (const batch of source.batches(plan.table, plan.sourceColumns, batchRows)) {
      const rows = batch.map((row, index) => convertRow(plan, row, sum.rows + index + 1));
      for (const row of rows) sum.add(row.map((value, index) => canonical(value, plan.columns[index]!.kind)));
      try {
        await target.insert(plan.table, plan.columns, rows);
      } catch (error) {
        // PostgreSQL's own refusal (an integer too large for its column, say) names neither table nor rows: these words do.
        throw new MoveRefused(`${plan.table} rows ${sum.rows - rows.length + 1}-${sum.rows}: PostgreSQL refused them (${(error as Error).message}). Nothing was moved.`);
      }
      await progress?.({ table: plan.table, rows: sum.rows });
    }
    for (const column of plan.columns.filter((each) => each.identity)) await target.moveIdentityPast(plan.table, column.name, issued.get(plan.table));
    sums.set(plan.table, sum);
  }
  return sums;
}

function convertRow(plan: TablePlan, row: readonly unknown[], rowNumber: number): TargetValue[] {
  return plan.columns.map((column, index) => {
    try {
      return toTarget(row[index], column.kind);
    } catch (error) {
      if (!(error instanceof ValueRefused)) throw error;
      // The row's first column (its key, in every table today) names it, quoted: the bad value may be unprintable.
      const first = `${plan.sourceColumns[0]!} ${JSON.stringify(String(row[0])).slice(0, 80)}`;
      throw new MoveRefused(`${plan.table} row ${rowNumber} (${first}), column ${column.name}: ${error.message}. Nothing was moved.`);
    }
  });
}

async function verify(target: PostgresTarget, plans: readonly TablePlan[], sums: ReadonlyMap<string, TableChecksum>, batchRows: number): Promise<MovedTable[]> {
  const moved: MovedTable[] = [];
  for (const plan of plans) {
    const sent = sums.get(plan.table)!;
    const held = await target.checksum(plan.table, plan.columns, batchRows);
    if (held.rows !== sent.rows || held.digest !== sent.digest) {
      throw new MoveRefused(
        `${plan.table} did not arrive unchanged (SQLite ${sent.rows} rows, checksum ${sent.digest}; PostgreSQL ${held.rows} rows, checksum ${held.digest}). Nothing was moved.`,
      );
    }
    moved.push({ table: plan.table, rows: sent.rows, checksum: sent.digest });
  }
  return moved;
}
