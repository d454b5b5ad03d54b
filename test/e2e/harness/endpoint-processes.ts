/**
 * Real endpoint processes for e2e: `server/src/main.ts` (what `npm run server` runs) in child processes of
 * their own, each on its own loopback port (SCHOOL_ENDPOINT_PORT), one config file, one PostgreSQL database
 * made for the test (test/server/harness/postgres.ts, the server tests' own helpers; the same role and server,
 * from scripts/postgres-for-tests.sh). Rows are read with the server harness's engine-neutral queryRows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { API_PATHS } from '../../../src/events/wire';
import { dropTestDatabase, ensureTestDatabase, queryRows, RUN_ENV } from '../../server/harness/postgres';
import { DEVICE_TOKEN, STAFF_TOKEN } from '../../server/harness/server';

const ROOT = resolve(import.meta.dirname, '../../..');
const DATABASE_URL_ENV = 'SCHOOL_ENDPOINT_E2E_DATABASE_URL';

export interface EndpointProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** What it wrote to stdout and stderr (JSON log lines). */
  readonly output: string[];
  kill(signal: NodeJS.Signals): void;
}

export interface EndpointProcesses {
  readonly processes: readonly EndpointProcess[];
  rows<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

async function untilHealthy(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`endpoint process exited (${child.exitCode}):\n${output.join('')}`);
    try {
      if ((await fetch(`${url}${API_PATHS.health}`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`endpoint process at ${url} not healthy in 60 s:\n${output.join('')}`);
}

/** `config`: keys written over the default config (a trust's schools, tokens and users: test/server/harness/trust.ts). */
export async function startEndpointProcesses(count: number, config: Record<string, unknown> = {}): Promise<EndpointProcesses> {
  // The server-postgres project's global setup names the run; e2e has none, so this file names its own.
  process.env[RUN_ENV] ??= `e2e${randomBytes(3).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'school-endpoint-e2e-processes-'));
  const databaseUrl = await ensureTestDatabase(dataDir);
  const configPath = join(dataDir, 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      listen: { host: '127.0.0.1', port: 0 },
      dataDir,
      rulesDir: join(dataDir, 'no-rules'),
      // The proxy on loopback is the one hop to believe.
      trustProxy: ['127.0.0.1'],
      tokens: [
        { token: DEVICE_TOKEN, scope: 'device', label: 'pupils' },
        { token: STAFF_TOKEN, scope: 'staff', label: 'staff' },
      ],
      database: { engine: 'postgres', urlEnv: DATABASE_URL_ENV },
      ...config,
    }),
  );
  const processes: EndpointProcess[] = [];
  const close = async () => {
    for (const running of processes) if (running.child.exitCode === null && running.child.signalCode === null) running.kill('SIGTERM');
    await Promise.all(processes.map((running) => (running.child.exitCode !== null || running.child.signalCode !== null ? undefined : new Promise((done) => running.child.once('exit', done)))));
    await dropTestDatabase(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // One after the other: the first runs the migrations (the second would wait on their lock, which is tested in the server tests).
    for (let index = 0; index < count; index += 1) {
      const port = await freePort();
      const output: string[] = [];
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/src/main.ts')], {
        cwd: ROOT,
        env: { ...process.env, SCHOOL_ENDPOINT_CONFIG: configPath, SCHOOL_ENDPOINT_PORT: String(port), [DATABASE_URL_ENV]: databaseUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
      child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
      const url = `http://127.0.0.1:${port}`;
      processes.push({ url, child, output, kill: (signal) => child.kill(signal) });
      await untilHealthy(url, child, output);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { processes, rows: (sql, params) => queryRows(dataDir, sql, params), close };
}
