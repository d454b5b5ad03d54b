/**
 * `npm run server -- rename-school FROM TO`: an endpoint that served one school joins a trust. Its records are the
 * school "school" until renamed; the command moves every table's rows in one transaction, on the engine the
 * config names, and refuses a target the config does not name, or a rename that would clash, changing nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { renameProblem } from '../../server/src/cli/rename-school';
import { SCHOOL_TABLES } from '../../server/src/store/school-tables';
import { runCli } from './harness/cli';
import { blockEvent, overrideRequest, report } from './harness/fixtures';
import { DEVICE_TOKEN, jsonPost, readRows, STAFF_TOKEN, startTestServer, testDatabase, type TestServer } from './harness/server';

let server: TestServer;
let dataDir: string;
let configPath: string;

const run = (args: string[]) => runCli(args, configPath);

const schoolsHeld = async () => {
  const rows = await readRows<{ school: string }>(dataDir, SCHOOL_TABLES.map((table) => `SELECT school FROM ${table}`).join(' UNION ALL '));
  return [...new Set(rows.map((row) => row.school))].sort();
};

beforeAll(async () => {
  // One school's endpoint with records in every kind of table.
  server = await startTestServer();
  dataDir = server.dataDir;
  await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events: [blockEvent({ category: 'self-harm' })] }));
  await server.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, report()));
  await server.fetch(API_PATHS.overrides, jsonPost(STAFF_TOKEN, overrideRequest({}, server.clock.now())));
  await server.store.rosters.replaceClasses([{ className: '7A', pupil: 'a@school.example' }], 'test', server.clock.now());
  await server.store.schoolLists.add([{ action: 'block', target: 'held.example', kind: 'domain', audience: { scope: 'everyone' }, reason: 'test', endsAt: null, school: 'school' }], { username: 'itlead', role: 'it-lead' }, server.clock.now(), null);
  // The trust's config, written before the rename (the command reads its schools and its database).
  configPath = join(dataDir, 'trust-config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      dataDir,
      database: await testDatabase(dataDir),
      schools: [
        { id: 'st-marys', name: "St Mary's" },
        { id: 'oakfield', name: 'Oakfield' },
      ],
      tokens: [{ token: DEVICE_TOKEN, scope: 'device', label: 'pupils', school: 'st-marys' }],
    }),
  );
});
afterAll(async () => {
  await server.close();
});

describe('rename-school', () => {
  it('refuses a target the config does not name, a non-id, or no arguments, changing nothing', async () => {
    expect(renameProblem('school', 'elsewhere', [{ id: 'st-marys' }])).toBe('"elsewhere" is not one of the config\'s schools (st-marys)');
    expect(renameProblem('school', 'trust', [{ id: 'st-marys' }])).toContain('is not a school id');
    expect(renameProblem('school', 'st-marys', undefined)).toContain('no schools list');
    const refused = await run(['rename-school', 'school', 'elsewhere']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"elsewhere" is not one of the config\'s schools (st-marys, oakfield)');
    expect(await schoolsHeld()).toEqual(['school']);
  });

  it('moves every record of the school to its new id, in every table', async () => {
    const done = await run(['rename-school', 'school', 'st-marys']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('from school "school" to "st-marys"');
    for (const table of SCHOOL_TABLES) expect(done.stdout).toMatch(new RegExp(`  ${table}: \\d+`));
    expect(await schoolsHeld()).toEqual(['st-marys']);
  });

  it('changes nothing when the target already holds the same class or listed site', async () => {
    await server.store.rosters.replaceClasses([{ className: '7A', pupil: 'a@school.example' }], 'test', server.clock.now(), 'oakfield');
    const clash = await run(['rename-school', 'st-marys', 'oakfield']);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain('Nothing was renamed');
    expect(await readRows<{ n: number }>(dataDir, "SELECT count(*) AS n FROM events WHERE school = 'st-marys'")).toEqual([{ n: 1 }]);
  });
});
