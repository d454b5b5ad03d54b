import type { TokenRegistry } from './auth/tokens';
import type { Config } from './config/schema';
import type { LockCheck } from './overrides/locked';
import type { Store } from './store/store';

/** What every route needs: set up once in app.ts and passed in, never imported as a global. */
export interface AppContext {
  config: Config;
  store: Store;
  tokens: TokenRegistry;
  /** Injected so tests can move time (allowlist windows, retention) without sleeping. */
  now: () => Date;
  lockCheck: LockCheck;
  /** The same locked lists, worded for an allow on the school's own list. */
  schoolListLockCheck: LockCheck;
}
