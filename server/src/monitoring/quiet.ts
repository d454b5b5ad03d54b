/**
 * The defaults until the real parts are wired in: a matcher that matches
 * nothing (the phrase lists replace it) and a notifier that tells nobody (email
 * and webhook replace it). Blocks and warnings still become alerts without either.
 */
import type { AlertNotifier } from './alert-notice';
import type { RiskMatcher } from './risks';

export const MATCHES_NOTHING: RiskMatcher = { match: () => [] };

export const TELLS_NOBODY: AlertNotifier = { alertChanged: async () => {} };
