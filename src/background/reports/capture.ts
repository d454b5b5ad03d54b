/**
 * A picture of the page a report is about, taken only after the screenshot
 * rule (src/reports/screenshot-rule.ts) allowed it, and only when that page is
 * what the tab shows right now: the tab must be the active one in its window
 * and still be at the reported address, so a pupil who moved on never sends a
 * picture of something else. JPEG, brought under the endpoint's cap by
 * OffscreenCanvas in the worker (src/reports/screenshot-size.ts).
 */
import type { Report } from '../../reports/model';
import { isWebPage } from '../../reports/page-target';
import { fitsScreenshotCap, SCREENSHOT_ATTEMPTS, scaledSize } from '../../reports/screenshot-size';

type Screenshot = NonNullable<Report['screenshot']>;

function base64Of(dataUrl: string): string {
  return dataUrl.slice(dataUrl.indexOf(',') + 1);
}

async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function shrink(dataUrl: string): Promise<string | null> {
  const bitmap = await createImageBitmap(await (await fetch(dataUrl)).blob());
  try {
    for (const attempt of SCREENSHOT_ATTEMPTS) {
      const size = scaledSize(bitmap.width, bitmap.height, attempt.scale);
      const canvas = new OffscreenCanvas(size.width, size.height);
      const context = canvas.getContext('2d');
      if (!context) return null;
      context.drawImage(bitmap, 0, 0, size.width, size.height);
      const base64 = await blobToBase64(await canvas.convertToBlob({ type: 'image/jpeg', quality: attempt.quality }));
      if (fitsScreenshotCap(base64)) return base64;
    }
    return null;
  } finally {
    bitmap.close();
  }
}

export async function captureReportedPage(tabId: number, reportedUrl: string): Promise<Screenshot | null> {
  if (!isWebPage(reportedUrl)) return null;
  try {
    const tab = await chrome.tabs.get(tabId);
    if (!tab.active || tab.url !== reportedUrl) return null;
    const dataUrl = await chrome.tabs.captureVisibleTab(tab.windowId, { format: 'jpeg', quality: 80 });
    const first = base64Of(dataUrl);
    const base64 = fitsScreenshotCap(first) ? first : await shrink(dataUrl);
    return base64 ? { mime: 'image/jpeg', base64 } : null;
  } catch (error) {
    // No picture is better than no report: the report goes without one.
    console.warn('could not capture the reported page', error);
    return null;
  }
}
