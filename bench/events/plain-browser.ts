/**
 * The baseline browser: the harness's own launch (same Chromium, flags and
 * hostname mapping as every e2e test) with no extension at all.
 */
import type { Browser } from 'puppeteer-core';
import { launchWithExtension } from '../../test/e2e/harness';
import type { FixtureServer } from '../../test/e2e/harness/fixture-server';

export interface PlainBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchWithoutExtension(fixture: FixtureServer): Promise<PlainBrowser> {
  const session = await launchWithExtension({ withoutExtension: true, fixture });
  return { browser: session.browser, close: () => session.close() };
}
