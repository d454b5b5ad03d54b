import type { ProofVerifier } from './auth/identity-proof/verifier';
import type { IssuerKeys, IssuerSettings } from './auth/oidc/provider';
import type { TokenBook } from './auth/token-book';
import type { Config } from './config/schema';
import type { AlertNotifier } from './monitoring/alert-notice';
import type { RiskMatcher } from './monitoring/risks';
import type { LockCheck } from './overrides/locked';
import type { Store } from './store/store';

/** What every route needs: set up once in app.ts and passed in, never imported as a global. */
export interface AppContext {
  config: Config;
  store: Store;
  /** Config and rotated tokens, with their retirements (read from the database every few seconds). */
  tokens: TokenBook;
  /** Injected so tests can move time (allowlist windows, retention) without sleeping. */
  now: () => Date;
  lockCheck: LockCheck;
  /** The same locked lists, worded for an allow on the school's own list. */
  schoolListLockCheck: LockCheck;
  /** Finds risks in search terms and page titles as events arrive (the phrase lists). */
  riskMatcher: RiskMatcher;
  /** Told when a safeguarding alert opens or its severity rises (email, webhook); never waited for by an upload. */
  alertNotifier: AlertNotifier;
  /** One key cache per OpenID issuer, shared by the dashboard's sign-in and devices' identity proofs. */
  issuerKeys: (settings: IssuerSettings) => IssuerKeys;
  /** Checks devices' identity proofs; null when identityProof is not configured. */
  proofVerifier: ProofVerifier | null;
}
