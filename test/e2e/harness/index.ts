export { findChrome } from './chrome-path';
export { startFixtureServer, type FixtureServer, type RecordedRequest } from './fixture-server';
export { reloadPolicies, removePolicy, writePolicy, type PolicyFile } from './policy';
export { launchWithExtension, extensionIdOf, DIST_DIR, type ExtensionSession } from './browser';
export { waitForWorkerState, workerState } from './worker-state';
export { queuedEvents } from './queued-events';
export { BLOCK_PAGE, WARN_PAGE, classifyLanding, landing, type Landing } from './landing';
export { buildExtensionVariant } from './variant-build';
export { axeViolations, type AxeViolation } from './axe';
