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
import { applyProvisionalRulesets } from './provisional-rules';
import { HEARTBEAT_ALARM, recordHeartbeat, scheduleHeartbeats } from './heartbeat';
import { onManagedStorageChanged } from './managed-storage';
import { listenForMessages } from './messages';
import { pageContext } from './page-context';
import { NavigationTitles } from './navigation-titles';
import { envelopeContext, queueEvent } from './record-event';
import { createReportMenu, onCommand, onMenuClicked } from './reports/entry-points';
import { followUp, type ReportDeps, reportStoppedPage, reportTab, reportView, retryRefusedReports } from './reports/reporter';
import { isReportRetryAlarm, ReportSender } from './reports/sender';
import { buildStatusView } from './status';
import { classifyNavigation } from './classifier/classify-navigation';
import { withClassifierScore } from './classifier/commit-score';
import { restandDecisions } from './classifier/decisions';
import { measureClassifierCost } from './classifier/cost';
import { lookUpSite } from './site-lookup';
import { isUploadAlarm, scheduleUploads, UPLOAD_WHEN_QUEUED, Uploader } from './uploader';
import { handleBack, handleContinue } from './warn-handlers';
import { LESSON_EXPIRY_ALARM, LESSON_REFRESH_ALARM, scheduleLessonRefresh } from './lessons/expiry-schedule';
import { checkStoppedPage } from './lessons/stopped-page-check';
import { type LessonSync, syncLessonAllows } from './lessons/sync';
import { createLesson, endLesson } from './lessons/teacher-actions';
import type { TeacherDeps } from './lessons/teacher-context';
import { lessonPanel } from './lessons/teacher-panel';
import { SCHOOL_LIST_EXPIRY_ALARM } from './school-lists/expiry-schedule';
import { type SchoolListSync, syncSchoolLists } from './school-lists/sync';
import { installTestHandle } from './test-handle';
import { expireContinues, isContinueAlarm } from './warn-continues';
import { initialWorkerState, type WorkerState } from './worker-state';

let state: WorkerState = initialWorkerState();
let pending: Promise<void> = Promise.resolve();

const uploader = new Uploader((summary) => ({ ...envelope(envelopeContext(state)), type: 'dropped', ...summary }));
const reportSender = new ReportSender();
/** Reports are made with the applied policy's identity and profile, so they wait for it. */
const reports: ReportDeps = {
  state: async () => {
    await pending;
    return state;
  },
  sender: reportSender,
};
/** The teacher's lesson panel decides on the applied profile's role, so it waits for the policy as reports do. */
const teacherLessons: TeacherDeps = { state: reports.state };

function refresh(reason: NonNullable<PolicyStatus['reason']>): Promise<void> {
  // Serialise so a burst of policy changes applies in order, the last one winning.
  pending = pending
    .then(async () => {
      // Before the (sometimes slow) policy read: never leave only the bootstrap in force.
      await applyProvisionalRulesets().catch((error: unknown) => console.error('provisional rulesets failed', error));
      state = await applyPolicy(reason);
      if (state.profile) await restandDecisions(state.profile.classifier).catch(logFailure('re-standing classifier decisions'));
      await scheduleUploads(state.profile?.logging.uploadIntervalMinutes ?? 5);
      await scheduleHeartbeats();
      await scheduleLessonRefresh(state.profile?.lessonAllowlists.refreshMinutes ?? 1);
      if (reason === 'policy-changed') {
        void retryRefusedReports(reports).catch(logFailure('retrying refused reports'));
        void uploader.resumeAfterPolicyChange().catch(logFailure('uploading after a policy change'));
      }
    })
    .catch((error: unknown) => console.error('applying policy failed; rules left as they were', error));
  return pending;
}

/** A sync with a fetch that is queued but not started yet: a burst of asks shares it. */
let queuedLessonFetch: Promise<LessonSync | null> | null = null;

/**
 * Lesson allowlists change rules, so they run in the same queue as policy
 * applies (two diffs at once could both add one rule id). With `fetch` the
 * endpoint is asked after everything already queued, so the answer is never
 * older than the ask.
 */
function syncLessons(fetch: boolean): Promise<LessonSync | null> {
  if (fetch && queuedLessonFetch) return queuedLessonFetch;
  const result = pending
    .then(() => {
      // Started: an ask from now on may be newer than this fetch, so it queues its own.
      if (fetch) queuedLessonFetch = null;
      return syncLessonAllows(state, { fetch, onExpiryDue: () => void syncLessons(false) });
    })
    .catch((error: unknown) => {
      console.error('syncing lesson allowlists failed', error);
      return null;
    });
  if (fetch) queuedLessonFetch = result;
  pending = result.then(() => undefined);
  return result;
}

/** A school-list sync with a fetch that is queued but not started yet: a burst of asks shares it. */
let queuedSchoolFetch: Promise<SchoolListSync | null> | null = null;

/** The school lists change rules too, so they run in the same queue, the same way as lesson syncs. */
function syncSchool(fetch: boolean): Promise<SchoolListSync | null> {
  if (fetch && queuedSchoolFetch) return queuedSchoolFetch;
  const result = pending
    .then(() => {
      if (fetch) queuedSchoolFetch = null;
      return syncSchoolLists(state, { fetch, onExpiryDue: () => void syncSchool(false) });
    })
    .catch((error: unknown) => {
      console.error('syncing the school lists failed', error);
      return null;
    });
  if (fetch) queuedSchoolFetch = result;
  pending = result.then(() => undefined);
  return result;
}

/** What the refresh alarm, a wake and a policy change ask the endpoint for: lesson allowlists and the school lists. */
function syncFromEndpoint(): void {
  void syncLessons(true);
  void syncSchool(true);
}

function uploadInBackground(): void {
  uploader.uploadNow().catch((error: unknown) => console.error('upload failed', error));
}

function sendReportsInBackground(): void {
  reportSender.flush().catch(logFailure('sending reports'));
}

function logFailure(what: string): (error: unknown) => void {
  return (error: unknown) => console.error(`${what} failed`, error);
}

chrome.runtime.onInstalled.addListener(() => {
  void refresh('installed');
  createReportMenu();
});
// Recreated at browser start too, in case Chrome did not keep it: removeAll first, so never twice.
chrome.runtime.onStartup.addListener(createReportMenu);
chrome.contextMenus.onClicked.addListener((info, tab) => void onMenuClicked(reports, info, tab).catch(logFailure('report from the context menu')));
chrome.commands.onCommand.addListener((command, tab) => void onCommand(reports, command, tab).catch(logFailure('report from the shortcut')));
// A new version (new lists, fixes) applies now rather than whenever Chrome finds
// the worker idle. Queued events and reports live in IndexedDB and survive;
// Chrome resets the enabled static rulesets to the manifest's on update, and
// the new worker's onInstalled re-applies the plan.
chrome.runtime.onUpdateAvailable.addListener(() => chrome.runtime.reload());
onManagedStorageChanged(() => void refresh('policy-changed').then(syncFromEndpoint));

chrome.alarms.onAlarm.addListener((alarm) => {
  if (isContinueAlarm(alarm)) void expireContinues();
  else if (isUploadAlarm(alarm)) uploadInBackground();
  else if (isReportRetryAlarm(alarm)) sendReportsInBackground();
  else if (alarm.name === LESSON_REFRESH_ALARM) syncFromEndpoint();
  else if (alarm.name === LESSON_EXPIRY_ALARM) void syncLessons(false);
  else if (alarm.name === SCHOOL_LIST_EXPIRY_ALARM) void syncSchool(false);
  else if (alarm.name === HEARTBEAT_ALARM) void pending.then(() => recordHeartbeat(state)).then(uploadInBackground);
});

async function uploadIfEnoughQueued(): Promise<void> {
  if ((await queueTotals()).count >= UPLOAD_WHEN_QUEUED) uploadInBackground();
}

const navigationTitles = new NavigationTitles({
  queue: async (event) => {
    await queueEvent(state, event);
    await uploadIfEnoughQueued();
  },
  readTab: (tabId) => chrome.tabs.get(tabId),
});

// Unlisted sites, scored on the device (issue 20): only main frames, only where no list decides.
chrome.webNavigation.onBeforeNavigate.addListener((details) => {
  if (details.frameId !== 0) return;
  void pending.then(() => classifyNavigation(state.profile, details)).catch(logFailure('classifying a navigation'));
});

chrome.webNavigation.onCommitted.addListener((details) => {
  if (details.frameId !== 0) return;
  void pending.then(async () => {
    const detail = state.profile?.logging.detail ?? 'domain';
    for (const payload of await withClassifierScore(captureCommit(details.url, chrome.runtime.id, detail), details.url)) {
      const event = { ...envelope(envelopeContext(state)), ...payload };
      // At `full` a page's navigation event waits (seconds at most) for the page's title.
      if (event.type === 'navigation' && detail === 'full' && event.url) await navigationTitles.hold(details.tabId, { ...event, url: event.url });
      else await queueEvent(state, event);
    }
    await uploadIfEnoughQueued();
  });
});
chrome.webNavigation.onDOMContentLoaded.addListener((details) => {
  if (details.frameId === 0) void pending.then(() => navigationTitles.settle(details.tabId));
});
chrome.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.title !== undefined) void pending.then(() => navigationTitles.titleChanged(tabId, change.title!, tab.url));
});
chrome.tabs.onRemoved.addListener((tabId) => void pending.then(() => navigationTitles.settle(tabId)));

listenForMessages({
  'status/get': async () => {
    await pending;
    return buildStatusView(state);
  },
  'status/site': async (message) => {
    await pending;
    return lookUpSite(state, message.address);
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
  'report/tab': async (message) => reportTab(reports, message.tabId),
  'report/stopped-page': async (_message, sender) => reportStoppedPage(reports, sender),
  'report/follow-up': async (message) => followUp(reports, message.id, { reason: message.reason, comment: message.comment }),
  'report/get': async (message) => reportView(message.id),
  'lesson/panel': async (message) => lessonPanel(teacherLessons, message.tabId),
  'lesson/create': async (message) => createLesson(teacherLessons, message),
  'lesson/end': async (message) => endLesson(teacherLessons, message.id),
  'lesson/check': async (_message, sender) => checkStoppedPage(sender, { lessons: () => syncLessons(true), schoolLists: () => syncSchool(true) }),
});

// Every worker start tries what waits at once, backoff or not: a report saved offline goes as soon as
// anything wakes us (a restarted Chromebook is usually back online), and a start costs one request.
void refresh('wake').then(() => {
  reportSender.flush({ force: true }).catch(logFailure('sending reports'));
  uploadInBackground();
});
// Drops what ended while the worker slept (even offline) and asks for what began or changed.
syncFromEndpoint();
// A continue whose alarm fired while Chrome was restarting the worker still ends.
void expireContinues().catch((error: unknown) => console.error('expiring warn continues failed', error));

// Test builds only: Vite replaces import.meta.env.MODE at build time, so a production build drops
// this branch and, with it, the whole test-handle module (packaging checks that it did).
if (import.meta.env.MODE === 'test') {
  installTestHandle({
    settled: () => pending,
    snapshot: (): WorkerState => structuredClone(state),
    uploadNow: () => uploader.uploadNow(),
    sendReports: () => reportSender.flush(),
    syncLessons: (fetch: boolean) => syncLessons(fetch),
    syncSchoolLists: (fetch: boolean) => syncSchool(fetch),
    contextMenuClicked: (info, tab) => onMenuClicked(reports, info, tab),
    commandTriggered: (command, tab) => onCommand(reports, command, tab),
    classifierCost: (hosts) => measureClassifierCost(state.profile, hosts),
  });
}
