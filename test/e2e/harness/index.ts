export { findChrome } from './chrome-path';
export { startFixtureServer, type FixtureServer, type RecordedRequest } from './fixture-server';
export { reloadPolicies, removePolicy, writePolicy, type PolicyFile } from './policy';
export { launchWithExtension, extensionIdOf, DIST_DIR, type ExtensionSession } from './browser';
export { waitForWorkerState, workerState } from './worker-state';
export { queuedEvents } from './queued-events';
