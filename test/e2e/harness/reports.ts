/**
 * What report tests need from the browser: the id of the tab showing a page,
 * the popup opened as a page for that tab (in its own window, so the reported
 * tab stays the active one in its window, as it does under a real popup), and
 * the report outbox read with the raw IndexedDB API, not the extension's code.
 */
import type { Page } from 'puppeteer-core';
import type { ExtensionSession } from './browser';

export async function tabIdOf(session: ExtensionSession, url: string): Promise<number> {
  const id = await session.evaluateInWorker(async (wanted: string) => (await chrome.tabs.query({})).find((tab) => tab.url === wanted)?.id ?? -1, url);
  if (id < 0) throw new Error(`no tab shows ${url}`);
  return id;
}

export async function openPopup(session: ExtensionSession, tabId: number): Promise<Page> {
  const page = await session.browser.newPage({ type: 'window' });
  await page.goto(session.extensionUrl(`src/pages/popup.html?tab=${tabId}`), { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[data-testid="popup-page"][data-ready="true"]');
  return page;
}

export interface StoredOutboxRecord {
  id: string;
  report: Record<string, unknown> & { screenshot: { mime: string; base64: string } | null; reason: string | null; category: string | null };
  acknowledged: { reason: string | null; comment: string | null } | null;
  failure: { status: number } | null;
}

export async function outboxRecords(session: ExtensionSession): Promise<StoredOutboxRecord[]> {
  return session.evaluateInWorker(
    () =>
      new Promise<StoredOutboxRecord[]>((resolve, reject) => {
        const request = indexedDB.open('school-filter-reports');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('outbox')) {
            db.close();
            resolve([]);
            return;
          }
          const read = db.transaction('outbox').objectStore('outbox').getAll();
          read.onsuccess = () => {
            db.close();
            resolve(read.result as StoredOutboxRecord[]);
          };
          read.onerror = () => reject(read.error);
        };
      }),
  );
}
