/**
 * Acting as the extension's own pages do: a message sent from one of its
 * pages (the worker checks the sender), and the development install's
 * stand-in for a signed-in Google account (src/background/identity.ts).
 */
import type { Message, Responses } from '../../../src/shared/messages';
import type { ExtensionSession } from './browser';
import { waitForWorkerState } from './worker-state';

/** Sends `message` from the popup page, as a teacher's or pupil's click would. */
export async function askFromExtensionPage<M extends Message>(session: ExtensionSession, message: M): Promise<Responses[M['type']]> {
  const page = await session.browser.newPage();
  try {
    await page.goto(session.extensionUrl('src/pages/popup.html'), { waitUntil: 'domcontentloaded' });
    return (await page.evaluate((m) => chrome.runtime.sendMessage(m), message)) as Responses[M['type']];
  } finally {
    await page.close();
  }
}

/**
 * Headless Chromium cannot sign a Google account in, so a development
 * install takes its account from storage.local; the worker is restarted so
 * the next policy apply reads it, as a sign-in would.
 */
export async function signInForTest(session: ExtensionSession, email: string): Promise<void> {
  await session.evaluateInWorker((key: string, value: string) => chrome.storage.local.set({ [key]: value }), 'developmentEmail', email);
  await session.stopWorker();
  await waitForWorkerState(session, (s) => s.email === email && s.profile !== null, { what: `signed in as ${email}` });
}
