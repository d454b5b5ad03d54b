/**
 * The real school endpoint for e2e tests: the server's own test harness (a
 * real SQLite file in a temp directory, loopback, known tokens) plus what an
 * e2e test asks of it: what it stored, and going down and coming back on the
 * same port with the same database, as a school's server does on a restart.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVICE_TOKEN, STAFF_TOKEN, startTestServer, type TestServer, type TestServerOptions } from '../../server/harness/server';
import { databasePath } from '../../../server/src/store/sqlite/open';

export { DEVICE_TOKEN, STAFF_TOKEN, IT_LEAD, DSL } from '../../server/harness/server';

export interface StoredEvent {
  id: string;
  type: string;
  clientIp: string;
  tokenLabel: string;
  /** The event as the extension sent it. */
  event: Record<string, unknown>;
}

export interface E2eEndpoint {
  /** Base URL, stable across restart. */
  readonly url: string;
  /** The running server; null while it is down. */
  readonly server: TestServer | null;
  /** The policy's `endpoint` value for a pupil (device token) or staff. */
  policyValue(scope?: 'device' | 'staff'): { url: string; token: string };
  /** Every event row, read through a second connection to the same file. */
  storedEvents(): StoredEvent[];
  /** Rows of any table, for tests of other channels (reports, overrides). */
  rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
  /** Stop listening: devices now get connection refused. */
  stop(): Promise<void>;
  /** Listen again on the same port with the same database. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startEndpoint(options: Omit<TestServerOptions, 'dataDir'> = {}): Promise<E2eEndpoint> {
  const dataDir = mkdtempSync(join(tmpdir(), 'school-endpoint-e2e-'));
  let server: TestServer | null = await startTestServer({ realClock: true, ...options, dataDir });
  const port = Number(new URL(server.url).port);
  const url = `http://127.0.0.1:${port}`;

  const read = <T>(sql: string, params: unknown[]): T[] => {
    const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };

  return {
    url,
    get server() {
      return server;
    },
    policyValue: (scope = 'device') => ({ url, token: scope === 'device' ? DEVICE_TOKEN : STAFF_TOKEN }),
    storedEvents: () =>
      read<{ id: string; type: string; client_ip: string; token_label: string; body: string }>(
        'SELECT id, type, client_ip, token_label, body FROM events ORDER BY time, id',
        [],
      ).map((row) => ({ id: row.id, type: row.type, clientIp: row.client_ip, tokenLabel: row.token_label, event: JSON.parse(row.body) })),
    rows: (sql, ...params) => read(sql, params),
    async stop() {
      await server?.close();
      server = null;
    },
    async restart() {
      if (server) return;
      server = await startTestServer({ realClock: true, ...options, dataDir, config: { ...options.config, listen: { host: '127.0.0.1', port } } });
    },
    async close() {
      await server?.close();
      server = null;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
