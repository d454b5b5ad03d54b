/**
 * Launches real Chromium with the built extension (dist/) loaded, headless, in
 * a fresh profile, with test hostnames mapped to the loopback fixture server.
 * Every e2e test starts here.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page, type WebWorker } from 'puppeteer-core';
import { extensionIdFromKey } from '../../../src/shared/extension-id';
import { PAGE_PATHS } from '../../../src/shared/pages';
import { findChrome } from './chrome-path';
import { hostResolverRules, startFixtureServer, type FixtureServer } from './fixture-server';
import { type PolicyFile, removePolicy, writePolicy } from './policy';

export const DIST_DIR = join(import.meta.dirname, '..', '..', '..', 'dist');

export interface LaunchOptions {
  /** Written before launch so the extension sees it on its first read. */
  policy?: PolicyFile;
  /** Share a fixture server between browsers; one is started (and closed) otherwise. */
  fixture?: FixtureServer;
  /** The unpacked extension to load; dist/ by default. */
  extensionDir?: string;
  /** Extra Chromium flags. */
  args?: string[];
  /**
   * Install the way the Admin console does instead of loading dist/ unpacked:
   * ExtensionInstallForcelist pointing at this update.xml. Chromium then needs
   * background networking (to fetch update.xml) and DeveloperToolsAvailability 1
   * (to let the harness attach to the worker).
   */
  forceInstall?: { extensionId: string; updateUrl: string };
  /** The same browser and flags with no extension at all: the baseline for benchmarks. */
  withoutExtension?: boolean;
}

export interface ExtensionSession {
  browser: Browser;
  extensionId: string;
  fixture: FixtureServer;
  /** The extension's service worker, waking it if Chrome stopped it. */
  worker(): Promise<WebWorker>;
  /** Evaluate in the service worker. */
  evaluateInWorker<T>(fn: string | ((...args: never[]) => T | Promise<T>), ...args: unknown[]): Promise<T>;
  /** Stop the worker the way Chrome does when idle; global state is lost. */
  stopWorker(): Promise<void>;
  /** Navigate a new tab (or `page`) and report where it landed. */
  navigate(url: string, page?: Page): Promise<{ page: Page; url: string }>;
  extensionUrl(path: string): string;
  close(): Promise<void>;
}

/** The flags measured to work here (shared/CHROMIUM-NOTES.md). */
function chromiumArgs(extensionDir: string | null, fixture: FixtureServer, extra: string[], backgroundNetworking: boolean): string[] {
  const load = extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : [];
  const network = backgroundNetworking ? [] : ['--disable-background-networking'];
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-component-update',
    '--disable-sync',
    '--ignore-certificate-errors',
    `--host-resolver-rules=${hostResolverRules(fixture)}`,
    ...network,
    ...load,
    ...extra,
  ];
}

export async function extensionIdOf(extensionDir = DIST_DIR): Promise<string> {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8'));
  return extensionIdFromKey(manifest.key);
}

export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionSession> {
  const extensionDir = options.extensionDir ?? DIST_DIR;
  const forced = options.forceInstall;
  const extensionId = forced?.extensionId ?? (await extensionIdOf(extensionDir));
  const ownsFixture = !options.fixture;
  const fixture = options.fixture ?? (await startFixtureServer());
  const policy: PolicyFile | undefined = forced
    ? {
        ...options.policy,
        chrome: {
          ...options.policy?.chrome,
          ExtensionInstallForcelist: [`${forced.extensionId};${forced.updateUrl}`],
          DeveloperToolsAvailability: 1,
        },
      }
    : options.policy;
  if (policy) writePolicy(extensionId, policy);

  const scratch = mkdtempSync(join(tmpdir(), 'school-filter-e2e-'));
  const tmp = join(scratch, 'tmp');
  rmSync(tmp, { recursive: true, force: true });
  const browser = await puppeteer.launch({
    executablePath: findChrome(),
    headless: true,
    pipe: true,
    userDataDir: join(scratch, 'profile'),
    // Puppeteer's own defaults disable extensions and background networking; a
    // force-install needs the latter to fetch update.xml.
    ignoreDefaultArgs: forced ? ['--disable-extensions', '--disable-background-networking'] : ['--disable-extensions'],
    args: chromiumArgs(forced || options.withoutExtension ? null : extensionDir, fixture, options.args ?? [], Boolean(forced)),
    env: { ...process.env, TMPDIR: scratch },
  });

  const workerUrlPrefix = `chrome-extension://${extensionId}/`;
  const isWorkerTarget = (t: { type(): string; url(): string }) =>
    t.type() === 'service_worker' && t.url().startsWith(workerUrlPrefix);
  /** A message from one of our pages is what wakes a stopped worker in real life too. */
  const wakeWorker = async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${workerUrlPrefix}${PAGE_PATHS.blocked}`, { waitUntil: 'domcontentloaded' });
      await page.evaluate(() => chrome.runtime.sendMessage({ type: 'status/get' }));
    } finally {
      await page.close();
    }
  };
  const worker = async (): Promise<WebWorker> => {
    if (!browser.targets().some(isWorkerTarget)) await wakeWorker().catch(() => undefined);
    // After an update Chrome can list the replaced worker beside the new one
    // for a while; the newest target is the live one.
    const target = browser.targets().filter(isWorkerTarget).at(-1) ?? await browser.waitForTarget(
      isWorkerTarget,
      { timeout: 20_000 },
    ).catch((error: unknown) => {
      throw new Error(
        `The extension's service worker never started (${String(error)}). Chromium skips an extension ` +
          'it cannot load without saying why: check dist/manifest.json and public/managed_schema.json, ' +
          `or load ${extensionDir} in chrome://extensions to see the error.`,
      );
    });
    const handle = await target.worker();
    if (!handle) throw new Error('service worker target has no worker handle');
    // A freshly installed worker can be attached before its global scope is
    // set up (seen on force-install: setTimeout undefined); wait for it here.
    for (let i = 0; i < 200 && (await handle.evaluate(() => typeof setTimeout).catch(() => 'undefined')) !== 'function'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // The target appears before the module graph has run; wait for the
    // worker's test handle so callers never race its top-level code.
    await handle.evaluate(async () => {
      for (let i = 0; i < 200 && !('schoolFilter' in globalThis); i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    });
    return handle;
  };

  const session: ExtensionSession = {
    browser,
    extensionId,
    fixture,
    worker,
    async evaluateInWorker(fn, ...args) {
      const handle = await worker();
      return handle.evaluate(fn as never, ...(args as never[])) as never;
    },
    async stopWorker() {
      const handle = await worker();
      await handle.close();
      // Wait until Chrome reports the worker gone, so the caller tests a stopped worker.
      for (let i = 0; i < 100 && browser.targets().some(isWorkerTarget); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async navigate(url, page) {
      const tab = page ?? (await browser.newPage());
      try {
        await tab.goto(url, { waitUntil: 'domcontentloaded', timeout: 20_000 });
      } catch (error) {
        // A blocked subresource or aborted navigation still leaves the tab
        // somewhere; report that rather than the exception.
        if (!/ERR_BLOCKED_BY_CLIENT|ERR_ABORTED/.test(String(error))) throw error;
      }
      return { page: tab, url: tab.url() };
    },
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    async close() {
      await browser.close().catch(() => undefined);
      if (policy) removePolicy();
      if (ownsFixture) await fixture.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
  return session;
}
