/** The pure parts of moving SQLite to PostgreSQL (server/src/store/move/): values by column kind, the copy order, the checksum, the column plan, the command's flags. */
import { describe, expect, it } from 'vitest';
import { parseMoveArgs } from '../../server/src/cli/move-to-postgres';
import { TableChecksum } from '../../server/src/store/move/checksum';
import { canonical, kindOfType, toTarget, ValueRefused } from '../../server/src/store/move/column-values';
import { planMove } from '../../server/src/store/move/plan';
import { copyOrder } from '../../server/src/store/move/table-order';
import type { TargetColumn } from '../../server/src/store/move/target';

/** A column as PostgreSQL's catalogue describes it: its type's name (pg_type.typname) decides the kind. */
const column = (name: string, typname = 'text', extra: Partial<TargetColumn> = {}): TargetColumn => ({ name, type: typname, kind: kindOfType(typname), identity: false, generated: false, ...extra });

describe('a SQLite value for a PostgreSQL column', () => {
  it('keeps integers whole past 2^53, as decimal text', () => {
    expect(toTarget(9007199254740993n, 'integer')).toBe('9007199254740993');
    expect(toTarget(-5n, 'integer')).toBe('-5');
  });

  it('keeps null apart from empty text, and bytes as bytes', () => {
    expect(toTarget(null, 'text')).toBeNull();
    expect(toTarget('', 'text')).toBe('');
    expect(canonical(null, 'text')).not.toBe(canonical('', 'text'));
    const bytes = Buffer.from([0xff, 0xd8, 0x00]);
    expect(toTarget(bytes, 'bytes')).toBe(bytes);
  });

  it('makes SQLite flags booleans only for a boolean column, and refuses what is not 0 or 1', () => {
    expect(toTarget(1n, 'boolean')).toBe(true);
    expect(toTarget(0n, 'boolean')).toBe(false);
    expect(() => toTarget(2n, 'boolean')).toThrow(ValueRefused);
    expect(toTarget(1n, 'integer')).toBe('1');
  });

  it('refuses text PostgreSQL cannot hold (U+0000) and bytes for a text column', () => {
    expect(() => toTarget('a\u0000b', 'text')).toThrow(/U\+0000/);
    expect(() => toTarget(Buffer.from('x'), 'text')).toThrow(ValueRefused);
    expect(toTarget('Ünïcödé 日本語 😀', 'text')).toBe('Ünïcödé 日本語 😀');
  });

  it('sees what was sent and what PostgreSQL hands back as the same value', () => {
    expect(canonical(toTarget(42n, 'integer'), 'integer')).toBe(canonical(42, 'integer'));
    expect(canonical(toTarget(9007199254740993n, 'integer'), 'integer')).toBe(canonical('9007199254740993', 'integer'));
    expect(canonical(toTarget(1n, 'boolean'), 'boolean')).toBe(canonical(true, 'boolean'));
    expect(canonical(toTarget('2026-03-02T09:00:00.000Z', 'time'), 'time')).toBe(canonical(new Date('2026-03-02T09:00:00.000Z'), 'time'));
    expect(canonical(toTarget('{"b":1,"a":[2]}', 'json'), 'json')).toBe(canonical({ a: [2], b: 1 }, 'json'));
  });
});

describe('the copy order', () => {
  it('puts each table after the tables its foreign keys name, alphabetical among equals', () => {
    expect(copyOrder(['report_trail', 'reports', 'events', 'alert_trail', 'alerts'], [
      { table: 'report_trail', references: 'reports' },
      { table: 'alert_trail', references: 'alerts' },
    ])).toEqual(['alerts', 'events', 'reports', 'alert_trail', 'report_trail']);
  });

  it('ignores a table naming itself, and refuses a circle', () => {
    expect(copyOrder(['a'], [{ table: 'a', references: 'a' }])).toEqual(['a']);
    expect(() => copyOrder(['a', 'b'], [{ table: 'a', references: 'b' }, { table: 'b', references: 'a' }])).toThrow(/circle/);
  });
});

describe('the checksum', () => {
  it('does not depend on the order rows are read in, and tells a changed value, null or row apart', () => {
    const sum = (rows: (string | null)[][]) => {
      const checksum = new TableChecksum();
      for (const row of rows) checksum.add(row);
      return `${checksum.rows} ${checksum.digest}`;
    };
    const rows = [['1', 'a'], ['2', null], ['3', '']];
    expect(sum(rows)).toBe(sum([...rows].reverse()));
    expect(sum(rows)).not.toBe(sum([['1', 'a'], ['2', ''], ['3', '']]));
    expect(sum(rows)).not.toBe(sum([['1', 'a'], ['2', null], ['3', 'x']]));
    // Values framed by length: ["ab", "c"] is not ["a", "bc"].
    expect(sum([['ab', 'c']])).not.toBe(sum([['a', 'bc']]));
  });
});

describe('the column plan', () => {
  it('leaves generated columns to PostgreSQL and reads a nameless identity from SQLite\'s rowid', () => {
    const [plan] = planMove(
      [{ name: 'sign_in_failures', columns: ['at', 'account'] }],
      [{ name: 'sign_in_failures', references: [], columns: [column('id', 'int8', { identity: true }), column('at'), column('account'), column('host', 'text', { generated: true })] }],
    );
    expect(plan!.columns.map((each) => each.name)).toEqual(['id', 'at', 'account']);
    expect(plan!.sourceColumns).toEqual(['rowid', 'at', 'account']);
  });

  it('refuses schemas that differ, naming every difference', () => {
    expect(() =>
      planMove(
        [{ name: 'events', columns: ['id', 'school'] }, { name: 'old', columns: ['id'] }],
        [{ name: 'events', references: [], columns: [column('id'), column('verified', 'int4')] }],
      ),
    ).toThrow(/tables only SQLite has: old; events: columns only PostgreSQL has: verified; events: columns only SQLite has: school/);
  });
});

describe('the command\'s flags', () => {
  it('takes --from and one way to the URL, never the URL itself', () => {
    expect(parseMoveArgs(['--from', 'a.sqlite', '--to-url-env', 'DB'])).toEqual({ from: 'a.sqlite', urlFile: undefined, urlEnv: 'DB' });
    expect(parseMoveArgs([])).toEqual({ from: undefined, urlFile: undefined, urlEnv: undefined });
    expect(parseMoveArgs(['--to-url', 'postgres://u:p@h/d'])).toMatch(/^usage:/);
    expect(parseMoveArgs(['--from'])).toMatch(/^usage:/);
    expect(parseMoveArgs(['--to-url-file', 'f', '--to-url-env', 'E'])).toMatch(/one of/);
  });
});
