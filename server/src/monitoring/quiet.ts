/**
 * The notifier an app built without one has (tests of other parts, tools): it tells nobody.
 * Blocks, warnings and words still become alerts on the dashboard. A running endpoint
 * (server.ts) always has the real one, which does nothing only when no notifications are configured.
 */
import type { AlertNotifier } from './alert-notice';

export const TELLS_NOBODY: AlertNotifier = { alertChanged: async () => {} };
