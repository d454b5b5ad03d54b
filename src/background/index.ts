/**
 * Service worker entry: wiring only. Every listener is registered
 * synchronously at the top level so Chrome can wake this worker for the event
 * that woke it (an async registration would miss it).
 *
 * Enforcement does not depend on this worker: Chrome applies the DNR rules in
 * its network stack whether or not we are running.
 */
import { listenForMessages } from './messages';
import { onManagedStorageChanged, readManagedStorage } from './managed-storage';
import { initialWorkerState, type WorkerState } from './worker-state';

const state: WorkerState = initialWorkerState();
let pending: Promise<void> = Promise.resolve();

function refresh(reason: NonNullable<WorkerState['lastReadReason']>): Promise<void> {
  // Serialise reads so a burst of policy changes cannot apply out of order.
  pending = pending.then(async () => {
    state.managed = await readManagedStorage();
    state.managedReadAt = Date.now();
    state.lastReadReason = reason;
  });
  return pending;
}

chrome.runtime.onInstalled.addListener(() => void refresh('installed'));
onManagedStorageChanged(() => void refresh('policy-changed'));
listenForMessages({
  'status/get': async () => {
    await pending;
    return structuredClone(state);
  },
});
void refresh('wake');

/**
 * Read-only handle for the end-to-end harness, which evaluates in this worker.
 * It exposes a copy, never the live object, so a test cannot change behaviour.
 */
Object.assign(globalThis, {
  schoolFilter: {
    settled: () => pending,
    snapshot: (): WorkerState => structuredClone(state),
  },
});
