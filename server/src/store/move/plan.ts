/**
 * Which columns of each table move, matched by name between the two engines' schemas (pure). The target's
 * generated columns are computed again there (events.host, reports.device_key); an identity column SQLite has
 * no name for is its hidden rowid (sign_in_failures.id, migration 4). Any other difference means the two
 * schemas are not the same version, and nothing moves.
 */
import type { SourceTable } from './source';
import { copyOrder } from './table-order';
import type { TargetColumn, TargetTable } from './target';

export interface TablePlan {
  table: string;
  /** Written, in this order. */
  columns: TargetColumn[];
  /** Read from SQLite, one for each written column ('rowid' for SQLite's hidden key). */
  sourceColumns: string[];
}

export function planMove(source: readonly SourceTable[], target: readonly TargetTable[]): TablePlan[] {
  const sourceByName = new Map(source.map((table) => [table.name, table]));
  const problems: string[] = [];
  const onlySqlite = source.filter((table) => !target.some((other) => other.name === table.name)).map((table) => table.name);
  if (onlySqlite.length > 0) problems.push(`tables only SQLite has: ${onlySqlite.join(', ')}`);
  const plans: TablePlan[] = [];
  for (const table of target) {
    const from = sourceByName.get(table.name);
    if (!from) {
      problems.push(`a table only PostgreSQL has: ${table.name}`);
      continue;
    }
    const columns = table.columns.filter((column) => !column.generated);
    const sourceColumns = columns.map((column) => (from.columns.includes(column.name) || !column.identity ? column.name : 'rowid'));
    const missing = sourceColumns.filter((column) => column !== 'rowid' && !from.columns.includes(column));
    const extra = from.columns.filter((column) => !sourceColumns.includes(column));
    if (missing.length > 0) problems.push(`${table.name}: columns only PostgreSQL has: ${missing.join(', ')}`);
    if (extra.length > 0) problems.push(`${table.name}: columns only SQLite has: ${extra.join(', ')}`);
    plans.push({ table: table.name, columns, sourceColumns });
  }
  if (problems.length > 0) throw new Error(`The two databases' schemas differ (${problems.join('; ')}): nothing was moved.`);
  const order = copyOrder(
    plans.map((plan) => plan.table),
    target.flatMap((table) => table.references.map((parent) => ({ table: table.name, references: parent }))),
  );
  return order.map((name) => plans.find((plan) => plan.table === name)!);
}
