/**
 * A running endpoint: the store opened, the app listening, the daily purge
 * scheduled. Tests start exactly this on 127.0.0.1 port 0.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from './app';
import type { Config } from './config/schema';
import { purgeExpired, scheduleDailyPurge } from './retention/purge';
import { openSqliteStore } from './store/sqlite';
import type { Store } from './store/store';

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  /** Where it listens, e.g. http://127.0.0.1:8787 */
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, options: Omit<AppOptions, 'config' | 'store'> = {}): Promise<RunningServer> {
  const store = openSqliteStore(config.dataDir);
  const now = options.now ?? (() => new Date());
  const app = await buildApp({ ...options, config, store, now });
  const stopPurge = scheduleDailyPurge(
    async () => {
      const purged = await purgeExpired(store, config.retentionDays, now());
      app.log.info({ purged, retentionDays: config.retentionDays }, 'retention purge');
    },
    (error) => app.log.error({ err: error }, 'retention purge failed'),
  );
  try {
    await app.listen({ host: config.listen.host, port: config.listen.port });
  } catch (error) {
    stopPurge();
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.listen.port;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  return {
    app,
    store,
    url: `http://${host}:${port}`,
    async close() {
      stopPurge();
      await app.close();
      await store.close();
    },
  };
}
