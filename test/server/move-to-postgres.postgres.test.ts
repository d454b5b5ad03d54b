/**
 * Moving a school from SQLite to PostgreSQL (server/src/store/move/, `npm run server -- move-to-postgres`).
 * PostgreSQL only (the server project leaves out *.postgres.test.ts; server-postgres runs it): the test needs
 * both engines at once. A SQLite endpoint is filled through its real HTTP API, its answers to the dashboard
 * and to devices are recorded, its records are moved, and an endpoint started on the PostgreSQL database must
 * give the same answers (the expected values are what the SQLite endpoint said, never the move's own output),
 * and hold the same values in every column of every table (read here, independently of the move's checksums).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { activeOverridesPath, CLASSES_PATH, teacherOverridesPath } from '../../src/overrides/model';
import { reportPath } from '../../src/reports/model';
import { SCHOOL_LISTS_PATH } from '../../src/school-lists/model';
import { SAFEGUARDING_ALERTS_PATH } from '../../server/src/dashboard-api/alert-types';
import { DASHBOARD_API } from '../../server/src/dashboard-api/types';
import type { RotateReply } from '../../server/src/dashboard-api/tokens';
import { MIGRATIONS } from '../../server/src/store/migrations';
import { moveToPostgres, MoveRefused, type MovedTable } from '../../server/src/store/move/move';
import { migrate } from '../../server/src/store/sqlite/migrations';
import { databasePath } from '../../server/src/store/sqlite/open';
import { signIn, type DashboardClient } from './harness/dashboard';
import { blockEvent, envelope, heartbeatEvent, navigationEvent, overrideRequest, report, searchEvent, TINY_JPEG_BASE64 } from './harness/fixtures';
import { ensureTestDatabase } from './harness/postgres';
import { bearer, DEVICE_TOKEN, DSL, IT_LEAD, jsonPost, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

const START = new Date('2026-03-02T09:00:00.000Z');
const PUPIL = 'Zoe.Angstrom@school.example';
const NON_ASCII = 'Ünïcödé 日本語 😀 — “quotes”';
/** Past 2^53: a JS number cannot hold it, so only a move that keeps integers whole keeps it. */
const BIG_ID = '9007199254740993';

const MAIN = join(import.meta.dirname, '..', '..', 'server', 'src', 'main.ts');
const scratch = mkdtempSync(join(tmpdir(), 'endpoint-move-'));
const sqliteDir = join(scratch, 'sqlite');
const postgresDir = join(scratch, 'postgres');

let before: TestServer;
let after: TestServer;
let dslBrowser: DashboardClient;
let itLeadBrowser: DashboardClient;
let rotatedToken: string;
let answersBefore: Record<string, unknown>;
let moved: MovedTable[];
let movedInto: string;
let sourceBefore: string;

const fileDigest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function ok(response: Response | Promise<Response>): Promise<Response> {
  const answer = await response;
  if (answer.status >= 300) throw new Error(`${answer.url}: ${answer.status} ${await answer.text()}`);
  return answer;
}

/** A school's term in miniature, through the endpoint's own API. */
async function fill(server: TestServer): Promise<void> {
  const post = (token: string, path: string, body: unknown, method = 'POST') => ok(server.fetch(path, jsonPost(token, body, method)));
  const dsl = (dslBrowser = await signIn(server, DSL));
  const itLead = (itLeadBrowser = await signIn(server, IT_LEAD));
  // A wrong password: a sign-in failure row (SQLite keeps its key as the hidden rowid, PostgreSQL as a column).
  await server.fetch('/dashboard/api/login', { method: 'POST', headers: { 'content-type': 'application/json', 'x-requested-with': 'school-filter-dashboard' }, body: JSON.stringify({ username: 'dsl', password: 'not the password at all' }) });

  const at = (minutesAgo: number) => new Date(START.getTime() - minutesAgo * 60_000).toISOString();
  await post(DEVICE_TOKEN, API_PATHS.events, {
    events: [
      navigationEvent('wikipedia.org', { time: at(30), user: PUPIL }),
      // Empty device fields (not null) beside a full one: the two engines must keep them apart.
      navigationEvent('bbc.co.uk', { time: at(29), device: { directoryId: '', serialNumber: 'SN-2', assetId: '' } }),
      searchEvent(NON_ASCII, { time: at(28), user: PUPIL }),
      searchEvent('how to hurt myself', { time: at(27), user: PUPIL }),
      blockEvent({ ...envelope({ time: at(26), user: PUPIL }), category: 'self-harm', host: 'self-harm-site.example' }),
      blockEvent({ ...envelope({ time: at(25), user: PUPIL }), category: 'self-harm', host: 'self-harm-site.example' }),
      blockEvent({ ...envelope({ time: at(24) }), category: 'gambling', host: 'bet.example' }),
      heartbeatEvent({ time: at(20) }),
      // A device clock an hour ahead: clamped to the receive time, its claim kept (events.claimed_time, devices' clock-ahead columns).
      navigationEvent('ahead.example', { time: new Date(START.getTime() + 60 * 60_000).toISOString(), device: { directoryId: 'dir-ahead', serialNumber: '', assetId: '' } }),
    ],
  });

  const calm = report({ user: PUPIL, title: NON_ASCII, reason: null, comment: null, time: at(15) });
  const urgent = report({ reason: 'unkind-to-me', comment: '', screenshot: { mime: 'image/jpeg', base64: TINY_JPEG_BASE64 }, time: at(14) });
  for (const sent of [calm, urgent]) await post(DEVICE_TOKEN, API_PATHS.reports, sent);
  // A follow-up: a second version of the report's words.
  await post(DEVICE_TOKEN, reportPath(calm.id), { reason: 'stranger-contact', comment: `asked where I live ${NON_ASCII}`, followUpSecret: calm.followUpSecret }, 'PATCH');
  await ok(itLead.post(`/reports/${urgent.id}/status`, { status: 'escalated-to-dsl', note: 'For the DSL' }));
  await ok(dsl.post(`/reports/${urgent.id}/notes`, { note: NON_ASCII }));

  const alerts = (await (await ok(dsl.get(`${SAFEGUARDING_ALERTS_PATH}?limit=200`))).json()) as { alerts: { id: string }[] };
  expect(alerts.alerts.length).toBeGreaterThan(0);
  await ok(dsl.post(`${SAFEGUARDING_ALERTS_PATH}/${alerts.alerts[0]!.id}/status`, { status: 'in-review', note: 'Speaking to the pupil' }));

  await ok(itLead.post('/rosters', `9c/ma1,${PUPIL}\n9c/ma1,pupil.one@school.example\n`, 'text/csv'));
  const lesson = overrideRequest({ audience: { yearGroups: [], classes: ['9c/ma1'], pupils: [] } }, START);
  const ended = overrideRequest({ domains: ['ended.example'] }, START);
  for (const request of [lesson, ended]) await post(STAFF_TOKEN, API_PATHS.overrides, request);
  await post(STAFF_TOKEN, `${API_PATHS.overrides}/${ended.id}/end`, { endedBy: 'teacher@school.example' });

  const added = (await (await ok(itLead.post('/school-lists', { action: 'block', targets: ['bad.example', 'worse.example'], audience: { scope: 'pupils' }, reason: 'Reported as unsuitable' }))).json()) as { added: { id: string }[] };
  await ok(itLead.post(`/school-lists/${added.added[1]!.id}/remove`, { reason: 'A mistake' }));
  await ok(itLead.post('/school-lists', { action: 'allow', targets: ['example.org/lessons'], audience: { scope: 'pupils' }, reason: NON_ASCII }));

  const rotated = (await (await ok(itLead.post('/tokens/rotate', { label: 'pupils', graceDays: 7 }))).json()) as RotateReply;
  rotatedToken = rotated.token;
  await post(rotatedToken, API_PATHS.events, { events: [navigationEvent('after-rotation.example', { time: at(5) })] });
}

/** The same signed-in browser, asking another server: its session must have moved with the rest. */
function sameBrowser(client: DashboardClient, server: TestServer): DashboardClient {
  return { ...client, get: (path) => server.fetch(`${DASHBOARD_API}${path}`, { headers: { cookie: client.cookie } }) };
}

/** What the dashboard and devices are told: each reply's status and body (bytes as base64). */
async function answers(server: TestServer): Promise<Record<string, unknown>> {
  const dsl = sameBrowser(dslBrowser, server);
  const itLead = sameBrowser(itLeadBrowser, server);
  const reports = (await (await ok(dsl.get('/reports'))).json()) as { reports: { id: string }[] };
  const alerts = (await (await ok(dsl.get(`${SAFEGUARDING_ALERTS_PATH}?limit=200`))).json()) as { alerts: { id: string }[] };
  const entries = (await (await ok(itLead.get('/school-lists'))).json()) as { entries: { id: string }[] };
  const dashboard: Record<string, DashboardClient> = {
    '/reports': dsl,
    '/alerts': dsl,
    [`${SAFEGUARDING_ALERTS_PATH}?limit=200`]: dsl,
    '/events?limit=1000': itLead,
    '/events.csv': itLead,
    '/overrides': dsl,
    '/devices': itLead,
    '/rosters': itLead,
    '/school-lists': itLead,
    '/school-lists/trail': itLead,
    '/tokens': itLead,
    '/overview?days=7': itLead,
    [`/subject-access?user=${encodeURIComponent(PUPIL)}`]: dsl,
    '/me': dsl,
    ...Object.fromEntries(reports.reports.flatMap((each) => [[`/reports/${each.id}`, dsl], [`/reports/${each.id}/screenshot`, dsl]])),
    ...Object.fromEntries(alerts.alerts.map((each) => [`${SAFEGUARDING_ALERTS_PATH}/${each.id}`, dsl])),
    ...Object.fromEntries(entries.entries.map((each) => [`/school-lists/${each.id}`, itLead])),
  };
  const device: Record<string, string> = {
    [activeOverridesPath(PUPIL, 'Y9')]: DEVICE_TOKEN,
    [activeOverridesPath('pupil.one@school.example', 'Y9')]: rotatedToken,
    [`${SCHOOL_LISTS_PATH}?role=pupil&yearGroup=Y9`]: DEVICE_TOKEN,
    [CLASSES_PATH]: STAFF_TOKEN,
    [teacherOverridesPath('teacher@school.example')]: STAFF_TOKEN,
  };
  const read = async (response: Response) => {
    const type = response.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await response.json() : type.startsWith('image/') ? Buffer.from(await response.arrayBuffer()).toString('base64') : await response.text();
    return { status: response.status, body };
  };
  const replies: Record<string, unknown> = {};
  for (const [path, client] of Object.entries(dashboard)) replies[`dashboard ${path}`] = await read(await client.get(path));
  for (const [path, token] of Object.entries(device)) replies[`device ${path}`] = await read(await server.fetch(path, { headers: bearer(token) }));
  return replies;
}

function sqliteTables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** Every stored value of every table, as text, rows sorted: read here with each engine's own driver, not through the move. */
async function everyValue(sqliteFile: string, postgresUrl: string): Promise<{ sqlite: Record<string, string[]>; postgres: Record<string, string[]> }> {
  const text = (value: unknown) => (value === null ? 'NULL' : Buffer.isBuffer(value) ? `bytes:${value.toString('hex')}` : `${typeof value === 'string' ? 'text' : 'number'}:${String(value)}`);
  const sqlite: Record<string, string[]> = {};
  const postgres: Record<string, string[]> = {};
  const db = new Database(sqliteFile, { readonly: true });
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    for (const table of sqliteTables(sqliteFile)) {
      const columns = db.prepare('SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0').pluck().all(table) as string[];
      const quoted = columns.map((column) => `"${column}"`).join(', ');
      sqlite[table] = (db.prepare(`SELECT ${quoted} FROM "${table}"`).safeIntegers(true).raw(true).all() as unknown[][]).map((row) => row.map(text).join(' | ')).sort();
      // Integers as text in PostgreSQL too: int8 past 2^53 must keep its digits; text kept as text.
      const types = await client.query<{ name: string; type: string }>(`SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0`, [`"${table}"`]);
      const isInteger = new Map(types.rows.map((row) => [row.name, ['integer', 'bigint', 'smallint'].includes(row.type)]));
      const cells = columns.map((column) => (isInteger.get(column) ? `"${column}"::text AS "${column}"` : `"${column}"`)).join(', ');
      const { rows } = await client.query({ text: `SELECT ${cells} FROM "${table}"`, rowMode: 'array' });
      postgres[table] = (rows as unknown[][]).map((row) => row.map((value, index) => (value !== null && isInteger.get(columns[index]!) ? `number:${String(value)}` : text(value))).join(' | ')).sort();
    }
  } finally {
    db.close();
    await client.end();
  }
  return { sqlite, postgres };
}

async function postgresCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`);
    const counts: Record<string, number> = {};
    for (const { name } of rows) counts[name] = Number((await client.query<{ count: string }>(`SELECT count(*) AS count FROM "${name}"`)).rows[0]!.count);
    return counts;
  } finally {
    await client.end();
  }
}

async function one<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows[0]!;
  } finally {
    await client.end();
  }
}

async function command(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stdout, stderr };
}

/** A copy of the filled SQLite file, to change without touching the one the main test moved. */
function copyOfSource(name: string, change?: (db: Database.Database) => void): string {
  const file = join(scratch, `${name}.sqlite`);
  copyFileSync(databasePath(sqliteDir), file);
  if (change) {
    const db = new Database(file);
    change(db);
    db.close();
  }
  return file;
}

/** The tables holding rows; a database the migrations alone made holds one: school_list_version's (migration 5). */
const heldTables = (counts: Record<string, number>) => Object.entries(counts).filter(([, count]) => count > 0);
const MIGRATIONS_ALONE = [['school_list_version', 1]];

beforeAll(async () => {
  before = await startTestServer({
    engine: 'sqlite',
    dataDir: sqliteDir,
    start: START,
    // Email to a port nobody listens on: alerts queue messages in the outbox, each attempt's error kept there.
    config: { publicUrl: 'https://filter.school.example', notifications: { email: { smtp: { host: '127.0.0.1', port: 9, security: 'none' }, from: 'filter@school.example', dslRecipients: ['dsl@school.example'], itLeadRecipients: [] } } },
  });
  await fill(before);
  // Values no API call writes but the schema allows: an id past 2^53 (and the identity must start after it).
  const db = new Database(databasePath(sqliteDir));
  db.prepare(`INSERT INTO token_trail (id, at, actor, label, action, detail) VALUES (${BIG_ID}, ?, 'test', 'pupils', 'note', ?)`).run(START.toISOString(), NON_ASCII);
  db.close();
  answersBefore = await answers(before);
  await before.close();

  sourceBefore = fileDigest(databasePath(sqliteDir));
  movedInto = await ensureTestDatabase(postgresDir);
  moved = await moveToPostgres({ sqliteFile: databasePath(sqliteDir), postgresUrl: movedInto, batchRows: 3 });
  after = await startTestServer({ engine: 'postgres', dataDir: postgresDir, start: START });
});

afterAll(async () => {
  await after?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('moving a school from SQLite to PostgreSQL', () => {
  it('gives the dashboard and devices the same answers afterwards, to the same session and the rotated token', async () => {
    expect(Object.keys(answersBefore).length).toBeGreaterThan(20);
    for (const [path, reply] of Object.entries(answersBefore)) if (!path.endsWith('/screenshot')) expect([path, (reply as { status: number }).status]).toEqual([path, 200]);
    expect(await answers(after)).toEqual(answersBefore);
  });

  it('moves every table of the current schema, each row and value unchanged (booleans, empty text beside null, times, bytes, big integers, non-ASCII text)', async () => {
    // The schema as this build's migrations make it, not as the move read it.
    const schema = new Database(':memory:');
    migrate(schema);
    const tables = (schema.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[]).sort();
    schema.close();
    expect(moved.map((table) => table.table).sort()).toEqual(tables);

    const values = await everyValue(databasePath(sqliteDir), movedInto);
    expect(Object.keys(values.sqlite).sort()).toEqual(tables);
    expect(values.postgres).toEqual(values.sqlite);
    // The fill reached what the school's history is made of.
    const held = Object.entries(values.sqlite).filter(([, rows]) => rows.length > 0).map(([table]) => table);
    expect(held).toEqual(expect.arrayContaining(['events', 'devices', 'reports', 'report_versions', 'report_trail', 'alerts', 'alert_evidence', 'alert_trail', 'overrides', 'roster', 'school_list_entries', 'school_list_trail', 'school_list_version', 'sessions', 'sign_in_failures', 'issued_tokens', 'token_retirements', 'token_trail', 'alert_notices', 'notification_outbox']));
    expect(values.postgres.token_trail!.some((row) => row.startsWith(`number:${BIG_ID} |`))).toBe(true);
    expect(values.postgres.reports!.some((row) => row.includes('bytes:ffd8'))).toBe(true);
    expect(moved.find((table) => table.table === 'events')!.rows).toBe(values.sqlite.events!.length);
  });

  it('only reads the SQLite file: going back is starting the endpoint on it again', () => {
    expect(fileDigest(databasePath(sqliteDir))).toBe(sourceBefore);
  });

  it('starts each identity after the highest id moved, so no id is handed out twice', async () => {
    const next = await one<{ trail: string; sign_in: string }>(
      movedInto,
      `SELECT nextval(pg_get_serial_sequence('token_trail', 'id'))::text AS trail, nextval(pg_get_serial_sequence('sign_in_failures', 'id'))::text AS sign_in`,
    );
    expect(BigInt(next.trail)).toBe(BigInt(BIG_ID) + 1n);
    expect(Number(next.sign_in)).toBe(2);
  });

  it('is a command: with the config already naming PostgreSQL (server/README.md, step 4), it moves dataDir\'s file and prints each table', async () => {
    const target = await ensureTestDatabase(join(scratch, 'command-target'));
    const config = join(scratch, 'config.json');
    writeFileSync(config, JSON.stringify({ dataDir: sqliteDir, tokens: [{ token: DEVICE_TOKEN, scope: 'device', label: 'pupils' }], database: { engine: 'postgres', urlEnv: 'MOVE_TARGET_URL' } }));
    const { code, stdout, stderr } = await command(['move-to-postgres'], { SCHOOL_ENDPOINT_CONFIG: config, MOVE_TARGET_URL: target });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The banner names the database, never the URL's password.
    expect(stdout).not.toContain(new URL(target).password);
    const events = (await everyValue(databasePath(sqliteDir), target)).sqlite.events!.length;
    expect(stdout).toMatch(new RegExp(`^events +${events} +[0-9a-f]{16}$`, 'm'));
    expect(stdout).toMatch(/^Moved [\d,]+ rows in \d+ tables, each checked\.$/m);
  });

  it('refuses a target that already holds records, and leaves it as it was', async () => {
    const countsBefore = await postgresCounts(movedInto);
    // No config file: --from and --to-url-env name both databases.
    const { code, stderr } = await command(['move-to-postgres', '--from', databasePath(sqliteDir), '--to-url-env', 'MOVE_TARGET_URL'], {
      SCHOOL_ENDPOINT_CONFIG: join(scratch, 'no-config.json'),
      MOVE_TARGET_URL: movedInto,
    });
    expect(stderr).toContain('already holds records (in ');
    expect(code).toBe(1);
    expect(await postgresCounts(movedInto)).toEqual(countsBefore);
  });

  it('leaves the target without records when a value cannot move, part way through the copy', async () => {
    // PostgreSQL text cannot hold U+0000; SQLite's can. write_windows comes after events in the copy order.
    const file = copyOfSource('nul', (db) => db.prepare(`INSERT INTO write_windows (key, window_start, count) VALUES (?, ?, 1)`).run('bad\u0000key', START.toISOString()));
    const target = await ensureTestDatabase(join(scratch, 'nul-target'));
    const copied: string[] = [];
    const moving = moveToPostgres({ sqliteFile: file, postgresUrl: target, batchRows: 2, progress: ({ table }) => void copied.push(table) });
    await expect(moving).rejects.toThrow(MoveRefused);
    await expect(moving).rejects.toThrow(/write_windows row \d+ \(key "bad\\u0000key"\), column key: holds the character U\+0000/);
    expect(copied).toContain('events');
    expect(heldTables(await postgresCounts(target))).toEqual(MIGRATIONS_ALONE);
    // And a second try, once the value is put right, moves into the same database.
    const fixed = new Database(file);
    fixed.prepare(`UPDATE write_windows SET key = 'bad-key' WHERE key = ?`).run('bad\u0000key');
    fixed.close();
    const second = await moveToPostgres({ sqliteFile: file, postgresUrl: target });
    expect(second.find((table) => table.table === 'write_windows')!.rows).toBeGreaterThan(0);
  });

  it('names the table and rows when PostgreSQL refuses a value (an integer past its column\'s 32 bits), and leaves the target without records', async () => {
    // SQLite's INTEGER is 64 bits wherever it is declared; PostgreSQL's integer is 32.
    const file = copyOfSource('wide', (db) => db.prepare(`INSERT INTO write_windows (key, window_start, count) VALUES ('wide', ?, 1099511627776)`).run(START.toISOString()));
    const target = await ensureTestDatabase(join(scratch, 'wide-target'));
    const moving = moveToPostgres({ sqliteFile: file, postgresUrl: target });
    await expect(moving).rejects.toThrow(MoveRefused);
    await expect(moving).rejects.toThrow(/^write_windows rows 1-\d+: PostgreSQL refused them \(value "1099511627776" is out of range for type integer\)/);
    expect(heldTables(await postgresCounts(target))).toEqual(MIGRATIONS_ALONE);
  });

  it('stops, with the target left without records, when the SQLite file is written during the move (an endpoint still running)', async () => {
    const file = copyOfSource('busy');
    const target = await ensureTestDatabase(join(scratch, 'busy-target'));
    const writer = new Database(file);
    let wrote = false;
    const moving = moveToPostgres({
      sqliteFile: file,
      postgresUrl: target,
      batchRows: 2,
      progress: () => {
        if (wrote) return;
        wrote = true;
        writer.prepare(`INSERT INTO write_windows (key, window_start, count) VALUES ('late', ?, 1)`).run(START.toISOString());
      },
    });
    await expect(moving).rejects.toThrow(/changed while it was being moved/);
    writer.close();
    expect(heldTables(await postgresCounts(target))).toEqual(MIGRATIONS_ALONE);
  });

  it('refuses a SQLite file from an older endpoint, saying to start this one on it first, and one from a newer endpoint', async () => {
    const file = join(scratch, 'old.sqlite');
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, -1));
    db.close();
    const target = await ensureTestDatabase(join(scratch, 'old-target'));
    await expect(moveToPostgres({ sqliteFile: file, postgresUrl: target })).rejects.toThrow(/older than this endpoint's .*start this endpoint once on it/);
    // And one a newer endpoint wrote: this one's move would not know its newest tables.
    const newer = new Database(file);
    migrate(newer);
    newer.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from a newer endpoint', ?)`).run(MIGRATIONS.length + 1, START.toISOString());
    newer.close();
    await expect(moveToPostgres({ sqliteFile: file, postgresUrl: target })).rejects.toThrow(/newer than this endpoint knows .*move it with the newer endpoint/);
  });
});
