/**
 * Which tab the popup reports, and whether it opens on a report just made.
 * As the toolbar popup it reports the active tab of its window; opened as a
 * page (the e2e tests, or a school's own kiosk page) it is told `?tab=ID`.
 * After the context menu or the shortcut, the worker leaves that report's id
 * in storage.session for this tab: the popup shows it once, then forgets it.
 */
import { popupReportKey } from '../../shared/popup-report';

export interface PopupTarget {
  tabId: number | null;
  /** A report made from the context menu or shortcut that this popup should show. */
  reportId: string | null;
}

async function tabIdFrom(search: string): Promise<number | null> {
  const param = new URLSearchParams(search).get('tab');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

export async function readPopupTarget(search: string): Promise<PopupTarget> {
  const tabId = await tabIdFrom(search);
  if (tabId === null) return { tabId, reportId: null };
  const key = popupReportKey(tabId);
  const reportId = ((await chrome.storage.session.get(key))[key] as string | undefined) ?? null;
  if (reportId) {
    await chrome.storage.session.remove(key);
    await chrome.action.setBadgeText({ tabId, text: '' }).catch(() => undefined);
  }
  return { tabId, reportId };
}
