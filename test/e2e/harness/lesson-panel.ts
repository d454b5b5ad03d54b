/**
 * Driving the teacher's "Allow for this lesson" panel in the popup as a teacher does, by keyboard: open the
 * form, press a button and wait for the outcome that press produced.
 */
import type { Page } from 'puppeteer-core';
import type { ExtensionSession } from './browser';
import { openPopup, tabIdOf } from './reports';

/** `site` in a tab of its own, and the popup for that tab once its lesson panel has loaded. */
export async function lessonPopup(session: ExtensionSession, site: string, available = true): Promise<{ page: Page; popup: Page; tabId: number }> {
  const { page } = await session.navigate(site);
  const tabId = await tabIdOf(session, page.url());
  const popup = await openPopup(session, tabId);
  await popup.waitForSelector(`[data-testid="lesson-panel"][data-available="${available}"]`, { timeout: 20_000 });
  return { page, popup, tabId };
}

export async function openLessonForm(popup: Page): Promise<void> {
  // By keyboard: the summary is a native disclosure, Enter opens it.
  await popup.focus('[data-testid="lesson-open"]');
  await popup.keyboard.press('Enter');
  await popup.waitForSelector('[data-testid="lesson-form"]', { visible: true });
}

/** Presses Enter on `selector` and waits for the outcome that press produced (a new serial), not the one before it. */
export async function pressAndAwaitOutcome(popup: Page, selector: string, testId = 'lesson-outcome'): Promise<{ kind: string; text: string }> {
  const serialOf = () => popup.evaluate((id: string) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-serial') ?? '0', testId);
  const before = await serialOf();
  await popup.focus(selector);
  await popup.keyboard.press('Enter');
  await popup.waitForFunction(
    (id: string, previous: string) => (document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-serial') ?? '0') !== previous,
    { timeout: 20_000 },
    testId,
    before,
  );
  return popup.$eval(`[data-testid="${testId}"]`, (el) => ({ kind: el.getAttribute('data-outcome') ?? '', text: el.textContent ?? '' }));
}
