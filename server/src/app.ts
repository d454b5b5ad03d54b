/**
 * The endpoint as a Fastify instance: hooks, parsers and routes, no
 * listening and no timers (server.ts does those), so tests and main share
 * exactly this.
 */
import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { proofVerifier } from './auth/identity-proof/verifier';
import { issuerKeysRegistry } from './auth/oidc/provider';
import { TokenBook, TOKEN_CACHE_MS } from './auth/token-book';
import type { Config } from './config/schema';
import type { AppContext } from './context';
import { registerBodyParsers } from './http/body';
import { registerErrorHandling } from './http/errors';
import { registerSecurityHeaders } from './http/security-headers';
import { serverTimeouts } from './http/timeouts';
import { describeLockedLists, domainCounts, loadLockedCategoryLists } from './overrides/category-lists';
import type { AlertNotifier } from './monitoring/alert-notice';
import { loadRiskMatcher } from './monitoring/phrases/load';
import { TELLS_NOBODY } from './monitoring/quiet';
import type { RiskMatcher } from './monitoring/risks';
import { lockCheck } from './overrides/locked';
import { registerClasses } from './routes/classes';
import { registerDashboardApi } from './routes/dashboard';
import { registerDashboardPages } from './routes/dashboard/static';
import { registerEvents } from './routes/events';
import { registerHealth } from './routes/health';
import { registerOverrides } from './routes/overrides';
import { registerReports } from './routes/reports';
import { registerSchoolLists } from './routes/school-lists';
import type { Store } from './store/store';

export interface AppOptions {
  config: Config;
  store: Store;
  now?: () => Date;
  /** Where the built dashboard is; server/dashboard/dist by default. */
  dashboardDir?: string;
  /** Pino log level; `silent` in tests. */
  logLevel?: string;
  /** Where the process log goes instead of stdout: tests read the start-up lines from it. */
  logStream?: { write(line: string): void };
  /** Finds risks in search terms and page titles; by default the built-in phrase lists and the school's own (config riskPhrases). */
  riskMatcher?: RiskMatcher;
  /** Told when a safeguarding alert opens or rises; by default nobody. */
  alertNotifier?: AlertNotifier;
  /** How long a process trusts its copy of the issued tokens and retirements (ms); tests sharing a database with another app set 0. */
  tokenCacheMs?: number;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, store } = options;
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info', ...(options.logStream ? { stream: options.logStream } : {}) },
    // Request lines would put pupils' emails (query strings) into the process log; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    ...serverTimeouts(config.timeouts),
  });
  // Once, at start: a full list is large, and the lists change only when the school rebuilds them.
  const locked = loadLockedCategoryLists(config.rulesDir, config.lockedCategories);
  app.log.info({ rulesDir: locked.rulesDir, domains: domainCounts(locked.lists) }, `allowlists refuse the locked categories' lists: ${describeLockedLists(locked.lists)}`);
  for (const warning of locked.warnings) app.log.warn(warning);
  // Once, at start, and a school's file that does not load stops the start (naming file and entry): a typo
  // must not quietly lose the phrases the DSL thinks are watched.
  const riskMatcher = options.riskMatcher ?? loadRiskMatcher(config.riskPhrases.extraFiles);
  if ('entryCount' in riskMatcher) app.log.info(`safeguarding monitoring: ${riskMatcher.entryCount} risk phrase entries (${config.riskPhrases.extraFiles.length} school file(s))`);
  const now = options.now ?? (() => new Date());
  // The app's clock, so tests can move past the key set's refresh interval and tokens' expiry.
  const issuerKeys = issuerKeysRegistry(() => now().getTime());
  const context: AppContext = {
    config,
    store,
    tokens: new TokenBook(config.tokens, store.tokens, now, options.tokenCacheMs ?? TOKEN_CACHE_MS),
    now,
    lockCheck: lockCheck(config.lockedDomains, locked.lists),
    schoolListLockCheck: lockCheck(config.lockedDomains, locked.lists, 'school-list'),
    riskMatcher,
    alertNotifier: options.alertNotifier ?? TELLS_NOBODY,
    issuerKeys,
    proofVerifier: config.identityProof ? proofVerifier(config.identityProof, issuerKeys(config.identityProof), now) : null,
  };

  registerErrorHandling(app);
  registerSecurityHeaders(app);
  registerBodyParsers(app);
  await app.register(fastifyCookie);
  registerHealth(app);
  registerEvents(app, context);
  registerReports(app, context);
  registerOverrides(app, context);
  registerClasses(app, context);
  registerSchoolLists(app, context);
  await registerDashboardApi(app, context);
  await registerDashboardPages(app, options.dashboardDir);
  return app;
}
