/**
 * After a report from the context menu or the shortcut, the worker leaves its
 * id in storage.session under this key for the tab; the popup shows that
 * report once, then removes the key.
 */
export const popupReportKey = (tabId: number): string => `popupReport:${tabId}`;
