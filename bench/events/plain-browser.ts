/**
 * The baseline browser: the same Chromium, headless, fresh profile, with the
 * same flags and hostname mapping as the e2e harness's launchWithExtension
 * (test/e2e/harness/browser.ts), and no extension at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { findChrome } from '../../test/e2e/harness/chrome-path';
import { hostResolverRules, type FixtureServer } from '../../test/e2e/harness/fixture-server';

export interface PlainBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchWithoutExtension(fixture: FixtureServer): Promise<PlainBrowser> {
  const scratch = mkdtempSync(join(tmpdir(), 'school-filter-bench-'));
  const browser = await puppeteer.launch({
    executablePath: findChrome(),
    headless: true,
    pipe: true,
    userDataDir: join(scratch, 'profile'),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-component-update',
      '--disable-sync',
      '--ignore-certificate-errors',
      `--host-resolver-rules=${hostResolverRules(fixture)}`,
      '--disable-background-networking',
    ],
    env: { ...process.env, TMPDIR: scratch },
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
