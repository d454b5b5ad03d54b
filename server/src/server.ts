/**
 * A running endpoint: the store opened, the app listening, the daily purge
 * scheduled, the notifications' outbox sending. Tests start exactly this on
 * 127.0.0.1 port 0.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from './app';
import type { Config } from './config/schema';
import type { AlertNotifier } from './monitoring/alert-notice';
import { createNotifier, describeNotifications, type RunningNotifier } from './notifications/notifier';
import { purgeExpiredAlone, scheduleDailyPurge } from './retention/purge';
import { openStore } from './store/open-store';
import type { AloneRun, PurgeCounts, Store } from './store/store';

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  /** Told when a safeguarding alert opens or rises (email, webhook, the digest's counts). */
  notifier: AlertNotifier;
  /** Where it listens, e.g. http://127.0.0.1:8787 */
  url: string;
  /**
   * The start-up retention purge, which runs beside the listening app (retention/purge.ts says why): settles when
   * it ends, with what it deleted, or `ran: false` if another process was purging; undefined if it failed (logged).
   */
  startupPurge: Promise<AloneRun<PurgeCounts> | undefined>;
  close(): Promise<void>;
}

export interface ServerOptions extends Omit<AppOptions, 'config' | 'store'> {
  /** How often the notifications' outbox looks for retries and the digest's hour unkicked (tests: less). */
  notificationPollMs?: number;
}

export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const store = await openStore(config);
  const now = options.now ?? (() => new Date());
  const { notificationPollMs, ...appOptions } = options;
  // The notifier logs through the app's logger, so it is made just after the app; nothing reaches the app
  // before it listens (below), so no alert can be raised before the notifier exists.
  let notifier: RunningNotifier | undefined;
  const toNotifier: AlertNotifier = { alertChanged: (notice) => notifier!.alertChanged(notice) };
  const app = await buildApp({ ...appOptions, alertNotifier: appOptions.alertNotifier ?? toNotifier, config, store, now });
  app.log.info(describeNotifications(config.notifications));
  notifier = createNotifier({ settings: config.notifications, heartbeatStaleMinutes: config.heartbeatStaleMinutes, store, now, log: app.log, pollMs: notificationPollMs });
  const purge = scheduleDailyPurge(
    async () => {
      const outcome = await purgeExpiredAlone(store, config.retentionDays, now());
      if (outcome.ran) app.log.info({ purged: outcome.result, retentionDays: config.retentionDays }, 'retention purge');
      else app.log.info('retention purge skipped: another endpoint process is purging');
      return outcome;
    },
    (error) => app.log.error({ err: error }, 'retention purge failed'),
  );
  const stopPurge = purge.stop;
  try {
    await app.listen({ host: config.listen.host, port: config.listen.port });
  } catch (error) {
    stopPurge();
    await purge.first;
    await store.close();
    throw error;
  }
  notifier.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.listen.port;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  return {
    app,
    store,
    notifier,
    url: `http://${host}:${port}`,
    startupPurge: purge.first,
    async close() {
      stopPurge();
      // A purge still running would find the store closed under it.
      await purge.first;
      await app.close();
      // After the app: no request can raise an alert now. Waits for a send in progress, then the store closes.
      await notifier.stop();
      await store.close();
    },
  };
}
