/**
 * A thin layer over a `pg` pool: statements with named parameters (`@name`, as the SQLite stores write
 * them), rows as plain objects, and transactions on one pooled connection. bigint counts and sequence
 * numbers come back as JS numbers (pg gives strings, to be safe past 2^53, which no count here nears).
 */
import pg from 'pg';

type Params = Record<string, unknown>;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

const compiled = new Map<string, { text: string; names: string[] }>();

/** `@name` becomes `$n` (one number per distinct name); the values go in that order. An `@` inside a quoted literal ('a@school.example') is left as it is. */
export function compile(sql: string): { text: string; names: string[] } {
  let result = compiled.get(sql);
  if (!result) {
    const names: string[] = [];
    const text = sql.replace(/'(?:[^']|'')*'|@([A-Za-z_][A-Za-z0-9_]*)/g, (match, name: string | undefined) => {
      if (name === undefined) return match;
      let index = names.indexOf(name);
      if (index < 0) index = names.push(name) - 1;
      return `$${index + 1}`;
    });
    result = { text, names };
    compiled.set(sql, result);
  }
  return result;
}

export class PgDb {
  constructor(private readonly client: pg.Pool | pg.PoolClient) {}

  private async query<T>(sql: string, params: Params = {}): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
    const { text, names } = compile(sql);
    const values = names.map((name) => {
      if (!(name in params)) throw new Error(`no value for @${name}`);
      return params[name];
    });
    return this.client.query<T & pg.QueryResultRow>(text, values);
  }

  async all<T>(sql: string, params?: Params): Promise<T[]> {
    return (await this.query<T>(sql, params)).rows;
  }

  async one<T>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.query<T>(sql, params)).rows[0];
  }

  /** How many rows the statement changed. */
  async run(sql: string, params?: Params): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  /** Several statements at once, no parameters (migrations). */
  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  /** Transaction-level advisory locks, held until it ends; sorted, so two transactions taking the same locks never wait on each other in a circle. */
  private async lock(locks: readonly string[]): Promise<void> {
    const sorted = [...new Set(locks)].sort();
    if (sorted.length === 0) return;
    // One round trip however many (a group of event batches names a device each): unnest yields the array in its order, row by row.
    await this.run('SELECT pg_advisory_xact_lock(hashtext(lock)) FROM unnest(@locks::text[]) AS lock', { locks: sorted });
  }

  /**
   * Runs `work` in one transaction on one connection: committed if it returns, rolled back if it throws.
   * `lock` names what SQLite's single writer gave the SQLite stores for free: a transaction-level advisory
   * lock, so two writers of the same concern (in this process or another) take turns.
   */
  async transaction<T>(work: (tx: PgDb) => Promise<T>, ...locks: string[]): Promise<T> {
    // Already in one (a store's step inside another's): the same transaction, with these locks too.
    if (!(this.client instanceof pg.Pool)) return (await this.lock(locks), work(this));
    return inTransaction(this.client, async (client) => {
      const tx = new PgDb(client);
      await tx.lock(locks);
      return work(tx);
    });
  }
}

/** `work` in one transaction on one pooled connection: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, types, max, idleTimeoutMillis: 10_000 });
  // An idle connection the server drops (a restart) must not crash the endpoint; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}
