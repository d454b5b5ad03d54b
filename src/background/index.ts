/**
 * Service worker entry: wiring only. Every listener is registered
 * synchronously at the top level so Chrome can deliver the event that woke
 * this worker (a listener added after an await would miss it).
 *
 * Enforcement does not depend on this worker: Chrome applies the enabled
 * rulesets in its network stack whether or not we are running.
 */
import type { PolicyStatus } from '../shared/status';
import { applyPolicy } from './apply-policy';
import { onManagedStorageChanged } from './managed-storage';
import { listenForMessages } from './messages';
import { pageContext } from './page-context';
import { buildStatusView } from './status';
import { handleBack, handleContinue } from './warn-handlers';
import { expireContinues, isContinueAlarm } from './warn-continues';
import { initialWorkerState, type WorkerState } from './worker-state';

let state: WorkerState = initialWorkerState();
let pending: Promise<void> = Promise.resolve();

function refresh(reason: NonNullable<PolicyStatus['reason']>): Promise<void> {
  // Serialise so a burst of policy changes applies in order, the last one winning.
  pending = pending
    .then(async () => {
      state = await applyPolicy(reason);
    })
    .catch((error: unknown) => console.error('applying policy failed; rulesets left as they were', error));
  return pending;
}

chrome.runtime.onInstalled.addListener(() => void refresh('installed'));
chrome.alarms.onAlarm.addListener((alarm) => {
  if (isContinueAlarm(alarm)) void expireContinues();
});
onManagedStorageChanged(() => void refresh('policy-changed'));
listenForMessages({
  'status/get': async () => {
    await pending;
    return buildStatusView(state);
  },
  'page/context': async () => {
    await pending;
    return pageContext(state.profile);
  },
  'warn/continue': async (message, sender) => {
    await pending;
    return handleContinue(state, message, sender);
  },
  'warn/back': async (message) => handleBack(state, message),
});
void refresh('wake');
// A continue whose alarm fired while Chrome was restarting the worker still ends.
void expireContinues().catch((error: unknown) => console.error('expiring warn continues failed', error));

/**
 * Read-only handle for the end-to-end harness, which evaluates in this worker.
 * It hands out copies, never the live object, so a test cannot change behaviour.
 */
Object.assign(globalThis, {
  schoolFilter: {
    settled: () => pending,
    snapshot: (): WorkerState => structuredClone(state),
  },
});
