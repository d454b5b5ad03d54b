/**
 * A table's checksum: its row count and the sum (mod 2^64) of each row's sha256, taken over the canonical
 * values (column-values.ts). A sum does not depend on the order rows are read in, so each side reads in the
 * order cheapest for it (SQLite's rowid, PostgreSQL's heap) with nothing held in memory, and the two engines'
 * different orderings of case-insensitive text (COLLATE NOCASE, citext) cannot make equal tables look unequal.
 */
import { createHash } from 'node:crypto';

const MOD = 1n << 64n;

export class TableChecksum {
  private rowCount = 0;
  private total = 0n;

  add(values: readonly (string | null)[]): void {
    const hash = createHash('sha256');
    // Each value framed by its length (null by a mark of its own), so no two rows' values run into the same bytes.
    for (const value of values) hash.update(value === null ? '\u0000N' : `\u0000V${value.length}:${value}`);
    this.total = (this.total + hash.digest().readBigUInt64BE(0)) % MOD;
    this.rowCount += 1;
  }

  get rows(): number {
    return this.rowCount;
  }

  get digest(): string {
    return this.total.toString(16).padStart(16, '0');
  }
}
