/**
 * The context menu item and the keyboard shortcut: the same report as the
 * popup's button. Afterwards the popup opens on that report (chrome.action
 * .openPopup, Chrome 127+; it works in headless Chromium 156 too), so the
 * pupil reads what happened and may add a reason; where it cannot open, the
 * toolbar button is marked and the next popup shows that report.
 *
 * The suggested shortcut is Alt+Shift+H: Chromium 156 silently leaves
 * Alt+Shift+R unassigned (measured: chrome.commands.getAll() reports an empty
 * shortcut), and an e2e test checks the one we ship is really assigned.
 */
import type { ReportView } from '../../shared/messages';
import { popupReportKey } from '../../shared/popup-report';
import { type ReportDeps, reportTab } from './reporter';

export const REPORT_MENU_ID = 'report-page';
export const REPORT_COMMAND = 'report-page';

/** Menus persist with the extension; recreated on install and update so the title and contexts follow the code. */
export function createReportMenu(): void {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({
      id: REPORT_MENU_ID,
      title: chrome.i18n.getMessage('reportMenuTitle') || 'Report this page to the school',
      contexts: ['page', 'frame', 'selection', 'link', 'image', 'video', 'audio'],
    });
  });
}

async function showInPopup(tab: chrome.tabs.Tab, view: ReportView): Promise<void> {
  if (tab.id === undefined) return;
  await chrome.storage.session.set({ [popupReportKey(tab.id)]: view.id });
  await chrome.action.setBadgeText({ tabId: tab.id, text: view.delivery === 'sent' ? '✓' : '…' }).catch(() => undefined);
  try {
    await chrome.action.openPopup({ windowId: tab.windowId });
  } catch {
    // No focused window, or a Chrome before 127: the badge says a report is waiting to be read.
  }
}

async function reportFrom(deps: ReportDeps, tab: chrome.tabs.Tab | undefined): Promise<ReportView | null> {
  if (tab?.id === undefined || tab.id < 0) return null;
  const view = await reportTab(deps, tab.id);
  await showInPopup(tab, view);
  return view;
}

export function onMenuClicked(deps: ReportDeps, info: chrome.contextMenus.OnClickData, tab: chrome.tabs.Tab | undefined): Promise<ReportView | null> {
  return info.menuItemId === REPORT_MENU_ID ? reportFrom(deps, tab) : Promise.resolve(null);
}

export function onCommand(deps: ReportDeps, command: string, tab: chrome.tabs.Tab | undefined): Promise<ReportView | null> {
  return command === REPORT_COMMAND ? reportFrom(deps, tab) : Promise.resolve(null);
}
