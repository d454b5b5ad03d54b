/**
 * The school endpoint in a process of its own, for `bench:ingest`: the real
 * server (`startServer`: Fastify, the API routes, the SQLite store in WAL
 * mode on a real file), with a real clock and its logging silenced as the
 * tests do. The load generator runs in another process, so it does not take
 * the server's event loop. Driven over IPC:
 *
 *   parent -> child  { dataDir, extraConfig? }      start; replies { url }
 *   parent -> child  'cpu'                          replies { cpu: process.cpuUsage() }
 *   parent -> child  'stop'                         closes (WAL checkpointed), replies 'stopped', exits
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '../../server/src/auth/password';
import { parseConfig } from '../../server/src/config/load';
import { startServer, type RunningServer } from '../../server/src/server';
import { BENCH_DASHBOARD_USER, BENCH_DEVICE_TOKEN, BENCH_STAFF_TOKEN } from './tokens';


/** `extraConfig`: more of the endpoint's config (notifications, for the alert-email bench). */
type Request = { dataDir: string; extraConfig?: Record<string, unknown> } | 'cpu' | 'stop';

let running: RunningServer | null = null;

function send(message: unknown): void {
  process.send?.(message);
}

process.on('message', (message: Request) => {
  void (async () => {
    if (message === 'cpu') return send({ cpu: process.cpuUsage() });
    if (message === 'stop') {
      await running?.close();
      send('stopped');
      process.exit(0);
    }
    const { dataDir, extraConfig = {} } = message;
    const config = parseConfig(
      {
        listen: { host: '127.0.0.1', port: 0 },
        dataDir,
        tokens: [
          { token: BENCH_DEVICE_TOKEN, scope: 'device', label: 'pupils' },
          { token: BENCH_STAFF_TOKEN, scope: 'staff', label: 'staff' },
        ],
        dashboardUsers: [{ username: BENCH_DASHBOARD_USER.username, passwordHash: await hashPassword(BENCH_DASHBOARD_USER.password), role: 'it-lead' }],
        ...extraConfig,
      },
      'bench config',
      dataDir,
    );
    // The dashboard's pages are not under test; an empty build directory keeps the server from needing one.
    const dashboardDir = join(dataDir, 'no-dashboard');
    mkdirSync(join(dashboardDir, 'assets'), { recursive: true });
    running = await startServer(config, { logLevel: 'silent', dashboardDir });
    send({ url: running.url });
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
