/**
 * The PostgreSQL side of a move, on one connection inside the move's one transaction: the schema read from
 * the catalogue (tables, each column's type, identity and generated columns, foreign keys), rows written in
 * batches, identity sequences moved past the copied ids, and each table read back for its checksum.
 */
import pg from 'pg';
import { canonical, kindOfType, type TargetValue, type ValueKind } from './column-values';
import { quoteName } from './source';
import { TableChecksum } from './checksum';

export interface TargetColumn {
  name: string;
  /** As format_type writes it (citext, integer, bytea): the cast each batch's array takes. */
  type: string;
  kind: ValueKind;
  identity: boolean;
  generated: boolean;
}

export interface TargetTable {
  name: string;
  columns: TargetColumn[];
  /** The tables its foreign keys name. */
  references: string[];
}

/** node-postgres's own parsers, not the endpoint pool's (postgres/db.ts makes int8 a JS number, which would round ids past 2^53). */
const EXACT_TYPES = { getTypeParser: pg.types.getTypeParser };

export class PostgresTarget {
  constructor(private readonly client: pg.ClientBase) {}

  private query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<T>> {
    return this.client.query<T>({ text, values, types: EXACT_TYPES });
  }

  /** Every table in the endpoint's schema (a partitioned table once, as its parent: rows written there find their partition). */
  async tables(): Promise<TargetTable[]> {
    const { rows: columns } = await this.query<{ table: string; column: string; type: string; typname: string; identity: boolean; generated: boolean }>(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, t.typname,
              a.attidentity <> '' AS identity, a.attgenerated <> '' AS generated
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       JOIN pg_type t ON t.oid = a.atttypid
       WHERE n.nspname = current_schema() AND (c.relkind = 'p' OR (c.relkind = 'r' AND NOT c.relispartition))
       ORDER BY c.relname, a.attnum`,
    );
    const { rows: keys } = await this.query<{ table: string; references: string }>(
      `SELECT src.relname AS table, dst.relname AS references
       FROM pg_constraint k
       JOIN pg_class src ON src.oid = k.conrelid
       JOIN pg_class dst ON dst.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = src.relnamespace
       WHERE k.contype = 'f' AND n.nspname = current_schema()`,
    );
    const tables = new Map<string, TargetTable>();
    for (const row of columns) {
      const table = tables.get(row.table) ?? { name: row.table, columns: [], references: [] };
      table.columns.push({ name: row.column, type: row.type, kind: kindOfType(row.typname), identity: row.identity, generated: row.generated });
      tables.set(row.table, table);
    }
    for (const key of keys) tables.get(key.table)?.references.push(key.references);
    return [...tables.values()];
  }

  /** How many rows the table holds, counting no further than `limit` (enough to tell "more than the migrations wrote"). */
  async countUpTo(table: string, limit: number): Promise<number> {
    const { rows } = await this.query<{ count: string }>(`SELECT count(*) AS count FROM (SELECT 1 FROM ${quoteName(table)} LIMIT ${limit}) held`);
    return Number(rows[0]!.count);
  }

  async clear(table: string): Promise<void> {
    await this.query(`DELETE FROM ${quoteName(table)}`);
  }

  /** One batch in one statement: one array per column, unnested into rows (a bounded number of parameters, however many rows). */
  async insert(table: string, columns: readonly TargetColumn[], rows: readonly TargetValue[][]): Promise<void> {
    const names = columns.map((column) => quoteName(column.name)).join(', ');
    const arrays = columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(', ');
    // Identity columns are GENERATED ALWAYS: the copied ids are kept, as the evidence trails' order depends on them.
    const overriding = columns.some((column) => column.identity) ? ' OVERRIDING SYSTEM VALUE' : '';
    const values = columns.map((_, index) => rows.map((row) => row[index]));
    await this.query(`INSERT INTO ${quoteName(table)} (${names})${overriding} SELECT * FROM unnest(${arrays})`, values);
  }

  /** The identity's next value comes after both the highest copied id and the highest SQLite ever issued (`issued`), so no id is handed out twice. */
  async moveIdentityPast(table: string, column: string, issued: bigint | undefined): Promise<void> {
    await this.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), next.value)
       FROM (SELECT greatest((SELECT max(${quoteName(column)}) FROM ${quoteName(table)}), $3::bigint) AS value) next
       WHERE next.value IS NOT NULL AND next.value > 0`,
      [quoteName(table), column, issued?.toString() ?? null],
    );
  }

  /** The table read back through a cursor, `batchRows` at a time, into its checksum. */
  async checksum(table: string, columns: readonly TargetColumn[], batchRows: number): Promise<TableChecksum> {
    const sum = new TableChecksum();
    const cursor = 'move_checksum';
    await this.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${columns.map((column) => quoteName(column.name)).join(', ')} FROM ${quoteName(table)}`);
    for (;;) {
      const { rows } = await this.client.query<unknown[]>({ text: `FETCH ${batchRows} FROM ${cursor}`, rowMode: 'array', types: EXACT_TYPES });
      for (const row of rows) sum.add(columns.map((column, index) => canonical(row[index], column.kind)));
      if (rows.length < batchRows) break;
    }
    // Closed only after a clean read: after a failed one the transaction is rolled back, cursor and all.
    await this.query(`CLOSE ${cursor}`);
    return sum;
  }
}
