/**
 * Making a report and following it up: the worker side of the popup, the
 * block and warn pages, the context menu and the shortcut, which all end here
 * so every entry point produces the same report.
 *
 * One click stores the report in the outbox and sends it at once, with no
 * reason and so never with a picture (src/reports/screenshot-rule.ts). A
 * picture is only ever taken once a reason that allows it is known: it goes
 * with the POST if that still waits, else with the PATCH that carries the
 * reason. Nothing can take a picture back once sent, so it is never taken
 * before the rule allows it.
 */
import { buildReport, reportEventPayload } from '../../reports/build';
import type { ReportReason, ReportUpdate } from '../../reports/model';
import { afterFollowUp, canTakeScreenshot, clearFailure, deliveryOf, newRecord, type OutboxRecord, withScreenshot } from '../../reports/outbox-record';
import { hostOf, type ReportTarget, targetOfPage } from '../../reports/page-target';
import { stopPageReason } from '../../reports/reasons';
import { mayScreenshot } from '../../reports/screenshot-rule';
import type { ReportView } from '../../shared/messages';
import { envelope } from '../../events/envelope';
import { audienceOf } from '../page-context';
import { envelopeContext, recordEvent } from '../record-event';
import type { WorkerState } from '../worker-state';
import { captureReportedPage } from './capture';
import { listedCategory } from './listing';
import { addRecord, allRecords, getRecord, updateRecord } from './outbox-db';
import type { ReportSender } from './sender';

export interface ReportDeps {
  /** The worker's state once the policy is applied (identity and profile). */
  state(): Promise<WorkerState>;
  sender: ReportSender;
}

export function viewOf(record: OutboxRecord): ReportView {
  return {
    id: record.id,
    delivery: deliveryOf(record),
    reason: record.report.reason,
    comment: record.report.comment,
    urgent: record.report.urgent,
    category: record.report.category,
    screenshot: record.report.screenshot !== null || record.screenshotSent,
    followUpClosed: record.followUpClosed === true,
  };
}

async function currentView(id: string): Promise<ReportView> {
  const record = await getRecord(id);
  if (!record) throw new Error(`no report ${id} on this device`);
  return viewOf(record);
}

async function attachScreenshotIfAllowed(deps: ReportDeps, record: OutboxRecord): Promise<void> {
  const state = await deps.state();
  if (record.tabId === null || !canTakeScreenshot(record) || !mayScreenshot(state.profile, record.report.category, record.report.reason)) return;
  const screenshot = await captureReportedPage(record.tabId, record.report.url);
  if (!screenshot) return;
  // Decided again on the stored record: the reason may have changed while the picture was taken.
  await updateRecord(record.id, (current) =>
    mayScreenshot(state.profile, current.report.category, current.report.reason) ? withScreenshot(current, screenshot) : current,
  );
}

async function createReport(deps: ReportDeps, target: ReportTarget, reason: ReportReason | null, tabId: number | null): Promise<ReportView> {
  const state = await deps.state();
  const category = target.stopPage || target.category ? target.category : await listedCategory(hostOf(target.url));
  const report = buildReport(envelope(envelopeContext(state)), { ...target, category }, reason);
  const record = newRecord(report, Date.now(), tabId);
  await addRecord(record);
  await attachScreenshotIfAllowed(deps, record);
  await Promise.all([deps.sender.flush({ force: true }), recordEvent(state, (base) => ({ ...base, ...reportEventPayload(report) }))]);
  return currentView(record.id);
}

/** The popup's one click, the context menu and the shortcut: whatever the tab shows (for a block or warn page, the page it stopped). */
export async function reportTab(deps: ReportDeps, tabId: number): Promise<ReportView> {
  const tab = await chrome.tabs.get(tabId);
  return createReport(deps, targetOfPage(tab.url ?? tab.pendingUrl, tab.title, chrome.runtime.id), null, tabId);
}

/** "I think this is wrong" on a block or warn page: the page is read from Chrome's sender URL, which the page cannot forge. */
export async function reportStoppedPage(deps: ReportDeps, sender: chrome.runtime.MessageSender): Promise<ReportView> {
  const target = targetOfPage(sender.url, '', chrome.runtime.id);
  // Our rules only ever show these pages as a tab's main frame; a copy framed inside a web page is not one.
  if (!target.stopPage || sender.frameId !== 0) throw new Error('only a block or warn page may report the page it stopped');
  const state = await deps.state();
  return createReport(deps, target, stopPageReason(audienceOf(state.profile)), sender.tab?.id ?? null);
}

/** The reason and comment added after sending: in the waiting POST if there is one, else a PATCH. */
export async function followUp(deps: ReportDeps, id: string, update: ReportUpdate): Promise<ReportView> {
  const state = await deps.state();
  const updated = await updateRecord(id, (record) => afterFollowUp(record, update, mayScreenshot(state.profile, record.report.category, update.reason)));
  if (!updated) throw new Error(`no report ${id} on this device`);
  await attachScreenshotIfAllowed(deps, updated);
  await deps.sender.flush({ force: true });
  return currentView(id);
}

export async function reportView(id: string): Promise<ReportView | null> {
  const record = await getRecord(id);
  return record ? viewOf(record) : null;
}

/** After a policy change: a report the endpoint refused may now have the token or address it needed. */
export async function retryRefusedReports(deps: ReportDeps): Promise<void> {
  const refused = (await allRecords()).filter((record) => record.failure);
  if (refused.length === 0) return;
  for (const record of refused) await updateRecord(record.id, clearFailure);
  await deps.sender.flush({ force: true });
}
