/**
 * Triggers a test puts on the `events` table of a test server's database (on the engine the tests run on), to
 * make the insert of one chosen event slow (so a test can act while a write is under way) or fail (so a test
 * can see what a refused write leaves behind). Made through a connection of the test's own.
 */
import Database from 'better-sqlite3';
import { databasePath } from '../../../server/src/store/sqlite/open';
import { queryRows, testEngine } from './postgres';

/** SQLite's triggers cannot sleep: a cross join of this many rows with itself keeps the writer busy for a second or more. */
const SLOW_ROWS = 8000;

async function run(dataDir: string, sqlite: string[], postgres: string[]): Promise<void> {
  if (testEngine() === 'postgres') {
    for (const statement of postgres) await queryRows(dataDir, statement);
    return;
  }
  const db = new Database(databasePath(dataDir), { fileMustExist: true });
  try {
    for (const statement of sqlite) db.exec(statement);
  } finally {
    db.close();
  }
}

/** Ids are the tests' own UUIDs, safe to write into the statement. */
function quoted(id: string): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`not a UUID: ${id}`);
  return `'${id}'`;
}

/** The insert of an event with one of these ids takes a second or more (PostgreSQL: 1.5 s asleep; SQLite: the writer busy). */
export async function makeInsertSlow(dataDir: string, ...eventIds: string[]): Promise<void> {
  const ids = eventIds.map(quoted).join(', ');
  await run(
    dataDir,
    [
      `CREATE TABLE IF NOT EXISTS test_slow_rows (n INTEGER)`,
      `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${SLOW_ROWS}) INSERT INTO test_slow_rows (n) SELECT x FROM c WHERE (SELECT count(*) FROM test_slow_rows) = 0`,
      `CREATE TRIGGER test_slow_insert AFTER INSERT ON events WHEN NEW.id IN (${ids}) BEGIN SELECT count(*) FROM test_slow_rows a, test_slow_rows b WHERE a.n + b.n > 0; END`,
    ],
    [
      `CREATE OR REPLACE FUNCTION test_slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(1.5); RETURN NEW; END $$`,
      `CREATE TRIGGER test_slow_insert AFTER INSERT ON events FOR EACH ROW WHEN (NEW.id IN (${ids})) EXECUTE FUNCTION test_slow_insert()`,
    ],
  );
}

/** The insert of the event with this id fails (the database refuses it), so its transaction rolls back. */
export async function makeInsertFail(dataDir: string, eventId: string): Promise<void> {
  await run(
    dataDir,
    [`CREATE TRIGGER test_failing_insert BEFORE INSERT ON events WHEN NEW.id = ${quoted(eventId)} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`],
    [
      `CREATE OR REPLACE FUNCTION test_failing_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`,
      `CREATE TRIGGER test_failing_insert BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.id = ${quoted(eventId)}) EXECUTE FUNCTION test_failing_insert()`,
    ],
  );
}

/** Removes both, so later tests in the file write at full speed. */
export async function dropEventTriggers(dataDir: string): Promise<void> {
  await run(dataDir, ['DROP TRIGGER IF EXISTS test_slow_insert', 'DROP TRIGGER IF EXISTS test_failing_insert'], ['DROP TRIGGER IF EXISTS test_slow_insert ON events', 'DROP TRIGGER IF EXISTS test_failing_insert ON events']);
}
