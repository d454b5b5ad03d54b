/**
 * The end-to-end harness's handle on the worker, built into test builds only
 * (`vite build --mode test`, which `npm test` and the benchmarks run): the
 * production build (`npm run build`, `npm start`, `npm run package`) has no
 * `globalThis.schoolFilter`, and packaging refuses a bundle that names it.
 *
 * State is handed out as copies, never the live object. `contextMenuClicked`
 * and `commandTriggered` call the same handlers as the listeners: Chrome
 * offers no way to click a context menu item from outside, and synthetic key
 * events do not reach extension commands in headless Chromium, so a test
 * passes what Chrome would. `classifierCost` times the classifier where it
 * runs. `uploadNow`, `sendReports`, `syncLessons` and
 * `syncSchoolLists` start now what an alarm would start later.
 */
import type { ClassifierCost } from './classifier/cost';
import type { WorkerState } from './worker-state';

/** The global's name: the harness waits for it, and packaging looks for it to refuse a test build. */
export const TEST_HANDLE_NAME = 'schoolFilter';

export interface TestHandle {
  settled(): Promise<void>;
  snapshot(): WorkerState;
  uploadNow(): Promise<unknown>;
  sendReports(): Promise<unknown>;
  syncLessons(fetch: boolean): Promise<unknown>;
  syncSchoolLists(fetch: boolean): Promise<unknown>;
  contextMenuClicked(info: chrome.contextMenus.OnClickData, tab: chrome.tabs.Tab): Promise<unknown>;
  commandTriggered(command: string, tab: chrome.tabs.Tab): Promise<unknown>;
  /** The classifier's model load and per-host scoring, timed in this worker (bench/classifier-cost.ts). */
  classifierCost(hosts: string[]): Promise<ClassifierCost>;
}

export function installTestHandle(handle: TestHandle): void {
  Object.assign(globalThis, { [TEST_HANDLE_NAME]: handle });
}
