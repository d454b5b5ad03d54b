/**
 * Service worker entry: wiring only. Every listener is registered
 * synchronously at the top level so Chrome can deliver the event that woke
 * this worker (a listener added after an await would miss it).
 *
 * Enforcement does not depend on this worker: Chrome applies the enabled
 * rulesets and dynamic rules in its network stack whether or not we run.
 */
import { envelope } from '../events/envelope';
import { captureCommit } from '../events/capture';
import { queueTotals } from '../events/queue';
import type { PolicyStatus } from '../shared/status';
import { applyPolicy } from './apply-policy';
import { HEARTBEAT_ALARM, recordHeartbeat, scheduleHeartbeats } from './heartbeat';
import { onManagedStorageChanged } from './managed-storage';
import { listenForMessages } from './messages';
import { pageContext } from './page-context';
import { envelopeContext, recordEvent } from './record-event';
import { buildStatusView } from './status';
import { isUploadAlarm, scheduleUploads, Uploader } from './uploader';
import { handleBack, handleContinue } from './warn-handlers';
import { expireContinues, isContinueAlarm } from './warn-continues';
import { initialWorkerState, type WorkerState } from './worker-state';

let state: WorkerState = initialWorkerState();
let pending: Promise<void> = Promise.resolve();

/** A batch's worth waiting is worth sending now rather than at the next alarm. */
const UPLOAD_WHEN_QUEUED = 100;

const uploader = new Uploader((summary) => ({ ...envelope(envelopeContext(state)), type: 'dropped', ...summary }));

function refresh(reason: NonNullable<PolicyStatus['reason']>): Promise<void> {
  // Serialise so a burst of policy changes applies in order, the last one winning.
  pending = pending
    .then(async () => {
      state = await applyPolicy(reason);
      await scheduleUploads(state.profile?.logging.uploadIntervalMinutes ?? 5);
      await scheduleHeartbeats();
    })
    .catch((error: unknown) => console.error('applying policy failed; rules left as they were', error));
  return pending;
}

function uploadInBackground(): void {
  uploader.uploadNow().catch((error: unknown) => console.error('upload failed', error));
}

chrome.runtime.onInstalled.addListener(() => void refresh('installed'));
// A new version (new lists, fixes) applies now rather than whenever Chrome finds
// the worker idle. Queued events live in IndexedDB and survive; Chrome resets
// the enabled static rulesets to the manifest's on update, and the new worker's
// onInstalled re-applies the plan.
chrome.runtime.onUpdateAvailable.addListener(() => chrome.runtime.reload());
onManagedStorageChanged(() => void refresh('policy-changed'));

chrome.alarms.onAlarm.addListener((alarm) => {
  if (isContinueAlarm(alarm)) void expireContinues();
  else if (isUploadAlarm(alarm)) uploadInBackground();
  else if (alarm.name === HEARTBEAT_ALARM) void pending.then(() => recordHeartbeat(state)).then(uploadInBackground);
});

chrome.webNavigation.onCommitted.addListener((details) => {
  if (details.frameId !== 0) return;
  void pending.then(async () => {
    const detail = state.profile?.logging.detail ?? 'domain';
    for (const payload of captureCommit(details.url, chrome.runtime.id, detail)) {
      await recordEvent(state, (base) => ({ ...base, ...payload }));
    }
    if ((await queueTotals()).count >= UPLOAD_WHEN_QUEUED) uploadInBackground();
  });
});

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

void refresh('wake').then(uploadInBackground);
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
    uploadNow: () => uploader.uploadNow(),
  },
});
