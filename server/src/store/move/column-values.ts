/**
 * One value on its way from SQLite to PostgreSQL, by the kind of the target column (read from PostgreSQL's
 * catalogue, never listed per table, so a later migration's columns move unchanged). Pure: the move's
 * adapters (source.ts, target.ts) call it. The schema keeps times as ISO text and flags as 0/1 integers on
 * both engines (migrations/migration.ts), so today nearly every value passes as it is; the other kinds are
 * here so that a later migration choosing PostgreSQL's own types (boolean, timestamptz, jsonb) still moves.
 */

export type ValueKind = 'integer' | 'float' | 'boolean' | 'bytes' | 'json' | 'time' | 'text';

/** PostgreSQL's type name (pg_type.typname) to the kind of value it holds; anything else is written and compared as text. */
export function kindOfType(typname: string): ValueKind {
  if (['int2', 'int4', 'int8'].includes(typname)) return 'integer';
  if (['float4', 'float8', 'numeric'].includes(typname)) return 'float';
  if (typname === 'bool') return 'boolean';
  if (typname === 'bytea') return 'bytes';
  if (typname === 'json' || typname === 'jsonb') return 'json';
  if (typname === 'timestamptz') return 'time';
  return 'text';
}

/** A value PostgreSQL's column cannot take as it is: the move stops (nothing is written) and names it. */
export class ValueRefused extends Error {}

/** What node-postgres sends for the value: bigints as decimal text, so integers past 2^53 keep every digit. */
export type TargetValue = string | number | boolean | Buffer | null;

/** A SQLite value (read with safeIntegers: integers are bigint) as the target column takes it, unchanged in meaning. */
export function toTarget(value: unknown, kind: ValueKind): TargetValue {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'integer':
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number' && Number.isInteger(value)) return String(value);
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
      break;
    case 'float':
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number') return value;
      break;
    case 'boolean':
      // SQLite has no boolean: 0 and 1 are what a flag column holds there.
      if (value === 0n || value === 0) return false;
      if (value === 1n || value === 1) return true;
      break;
    case 'bytes':
      if (Buffer.isBuffer(value)) return value;
      break;
    case 'json':
    case 'time':
    case 'text':
      if (typeof value === 'string') {
        // SQLite text may hold U+0000; PostgreSQL's text cannot, and would refuse the whole batch with a vaguer word.
        if (value.includes('\u0000')) throw new ValueRefused('holds the character U+0000, which PostgreSQL text cannot hold');
        return value;
      }
      if (typeof value === 'bigint' || typeof value === 'number') return String(value);
      break;
  }
  throw new ValueRefused(`holds ${describe(value)}, which a ${kind} column cannot take unchanged`);
}

function describe(value: unknown): string {
  if (Buffer.isBuffer(value)) return `${value.length} bytes of binary data`;
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `the ${typeof value} ${String(value)}`;
}

/**
 * One value as the checksum sees it, the same for what was sent (toTarget's result) and what PostgreSQL hands
 * back (node-postgres's default parsing: int8 as text, bytea as Buffer, boolean, timestamptz as Date, json
 * parsed). Null is its own mark, so null and the empty string never look alike.
 */
export function canonical(value: unknown, kind: ValueKind): string | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'integer':
      return typeof value === 'bigint' || typeof value === 'number' ? value.toString() : String(value);
    case 'float':
      return String(Number(value));
    case 'boolean':
      return value === true || value === 'true' ? 'true' : 'false';
    case 'bytes':
      return Buffer.isBuffer(value) ? value.toString('hex') : String(value);
    case 'json':
      return JSON.stringify(sortedKeys(typeof value === 'string' ? JSON.parse(value) : value));
    case 'time':
      return (value instanceof Date ? value : new Date(String(value))).toISOString();
    case 'text':
      return String(value);
  }
}

/** jsonb keeps an object's keys in its own order; the checksum compares meaning, not key order. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]));
  return value;
}
