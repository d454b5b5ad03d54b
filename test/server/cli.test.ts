/** The command line: start (banner and policy JSON), first-run config, hash-password, backup, unlock-sign-in. */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { verifyPassword } from '../../server/src/auth/password';
import { backupDatabase } from '../../server/src/cli/backup';
import { createFirstRunConfig } from '../../server/src/config/first-run';
import { loadConfigFile, REPOSITORY_RULES_DIR } from '../../server/src/config/load';
import { MIGRATIONS } from '../../server/src/store/sqlite/migrations';
import { CSRF_HEADER, CSRF_VALUE, DASHBOARD_API } from '../../server/src/dashboard-api/types';
import { batchOf } from './harness/fixtures';
import { DEVICE_TOKEN, IT_LEAD, jsonPost, startTestServer } from './harness/server';

const MAIN = join(import.meta.dirname, '..', '..', 'server', 'src', 'main.ts');
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'endpoint-cli-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.input ?? '');
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('npm run server -- hash-password', () => {
  it('prints a hash of the password read on stdin', async () => {
    const { exited, output } = run(['hash-password'], { input: 'a school passphrase of words\n' });
    expect(await exited).toBe(0);
    const hash = output().stdout.trim();
    expect(await verifyPassword('a school passphrase of words', hash)).toBe(true);
  });

  it('refuses a short password', async () => {
    const { exited, output } = run(['hash-password'], { input: 'short\n' });
    expect(await exited).toBe(1);
    expect(output().stderr).toContain('at least 12 characters');
  });

  it('names the commands on a wrong one', async () => {
    const { exited, output } = run(['frobnicate']);
    expect(await exited).toBe(2);
    expect(output().stderr).toContain('usage: npm run server');
  });
});

describe('first run', () => {
  it('writes a private config with random tokens and an admin whose password is only stored hashed', async () => {
    const path = join(scratch, 'first', 'config.json');
    const { adminPassword } = await createFirstRunConfig(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).not.toContain(adminPassword);
    const config = loadConfigFile(path, {});
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(config.dataDir).toBe(join(scratch, 'first', 'data'));
    expect(config.rulesDir).toBe(REPOSITORY_RULES_DIR);
    expect(config.tokens.map((token) => token.scope)).toEqual(['device', 'staff']);
    const [device, staff] = config.tokens.map((token) => ('token' in token ? token.token : ''));
    expect(device!.length).toBeGreaterThanOrEqual(32);
    expect(device).not.toBe(staff);
    expect(await verifyPassword(adminPassword, config.dashboardUsers[0]!.passwordHash)).toBe(true);
    await expect(createFirstRunConfig(path)).rejects.toThrow(/EEXIST/);
  });
});

describe('npm run server', () => {
  it('starts, prints the dashboard URL and ready-to-paste policy JSON, answers, and stops cleanly', async () => {
    const path = join(scratch, 'start.json');
    writeFileSync(
      path,
      JSON.stringify({
        listen: { host: '127.0.0.1', port: 0 },
        dataDir: 'start-data',
        tokens: [
          { token: DEVICE_TOKEN, scope: 'device', label: 'pupils' },
          { tokenSha256: 'a'.repeat(64), scope: 'staff', label: 'staff' },
        ],
      }),
    );
    const { child, exited, output } = run([], { env: { SCHOOL_ENDPOINT_CONFIG: path } });
    try {
      for (let i = 0; i < 300 && !output().stdout.includes('valid (staff)'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      const { stdout } = output();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      expect(url, stdout + output().stderr).toBeDefined();
      expect(stdout).toContain(`Dashboard:  ${url}/dashboard/`);
      // Complete policies per OU, each checked by the policy checker the CLI uses.
      expect(stdout).toContain(JSON.stringify({ role: 'pupil', yearGroup: 'Y7', endpoint: { url, token: DEVICE_TOKEN } }));
      expect(stdout).toContain(JSON.stringify({ role: { Value: 'pupil' }, yearGroup: { Value: 'Y7' }, endpoint: { Value: { url, token: DEVICE_TOKEN } } }));
      expect(stdout).toContain(`the pupils' policy for token "pupils": valid (pupil, Y7)`);
      expect(stdout).toContain(`the staff policy for token "staff": valid (staff)`);
      expect(stdout).not.toContain('FIX BEFORE PASTING');
      // Only a digest is configured for staff: the banner cannot (and does not) invent the token.
      expect(stdout).toContain('<the staff token whose sha256 is in');
      const health = await fetch(`${url}${API_PATHS.health}`);
      expect(await health.json()).toMatchObject({ ok: true });
      expect((await fetch(`${url}${API_PATHS.events}`, jsonPost(DEVICE_TOKEN, batchOf(2)))).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // Closed cleanly: the WAL was folded into the database file.
    expect(statSync(join(scratch, 'start-data', 'school-endpoint.sqlite-wal'), { throwIfNoEntry: false })?.size ?? 0).toBe(0);
  });

  it('explains a broken config and exits 1', async () => {
    const path = join(scratch, 'broken.json');
    writeFileSync(path, JSON.stringify({ tokens: [{ token: 'short', scope: 'device', label: 'p' }] }));
    const { exited, output } = run([], { env: { SCHOOL_ENDPOINT_CONFIG: path } });
    expect(await exited).toBe(1);
    expect(output().stderr).toContain(`${path}: tokens.0.token: a token needs at least 16 characters`);
  });
});

describe('npm run server -- backup', () => {
  it('copies a consistent database while the endpoint runs', async () => {
    // The SQLite file's own backup, on either test project: PostgreSQL's copy is pg_dump's (below).
    const server = await startTestServer({ config: { database: { engine: 'sqlite' } } });
    try {
      expect((await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, batchOf(7)))).status).toBe(200);
      const destination = join(scratch, 'backup.sqlite');
      expect(await backupDatabase(server.dataDir, destination)).toBeGreaterThan(0);
      const copy = new Database(destination, { readonly: true });
      expect((copy.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(7);
      // The copy is at the schema version this endpoint writes.
      expect((copy.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
      copy.close();
    } finally {
      await server.close();
    }
  });

  it('points to pg_dump when the database is PostgreSQL, and copies nothing', async () => {
    const configPath = join(scratch, 'postgres-config.json');
    writeFileSync(configPath, JSON.stringify({ database: { engine: 'postgres', url: 'postgres://endpoint@127.0.0.1:1/none' }, tokens: [{ token: DEVICE_TOKEN, scope: 'device', label: 'pupils' }] }));
    const { exited, output } = run(['backup', join(scratch, 'not-made.sqlite')], { env: { SCHOOL_ENDPOINT_CONFIG: configPath } });
    expect(await exited).toBe(2);
    expect(output().stderr).toContain('pg_dump');
    expect(statSync(join(scratch, 'not-made.sqlite'), { throwIfNoEntry: false })).toBeUndefined();
  });
});

describe('npm run server -- unlock-sign-in', () => {
  it('lets a locked-out IT Lead in again while the endpoint runs', async () => {
    const server = await startTestServer();
    try {
      const login = (password: string) =>
        server.fetch(`${DASHBOARD_API}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_VALUE },
          body: JSON.stringify({ username: IT_LEAD.username, password }),
        });
      for (let i = 0; i < 10; i++) expect((await login('a wrong guess')).status).toBe(401);
      expect((await login(IT_LEAD.password)).status).toBe(429);
      const configPath = join(scratch, 'unlock-config.json');
      writeFileSync(configPath, JSON.stringify({ dataDir: server.dataDir, database: server.config.database, tokens: [{ token: DEVICE_TOKEN, scope: 'device', label: 'pupils' }] }));
      const { exited, output } = run(['unlock-sign-in'], { env: { SCHOOL_ENDPOINT_CONFIG: configPath } });
      expect(await exited).toBe(0);
      expect(output().stdout).toContain('Forgot 10 failed sign-ins');
      expect((await login(IT_LEAD.password)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
