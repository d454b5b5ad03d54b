/**
 * Managed policy files, as an Admin console push lands them on a device.
 * Chromium reads /etc/chromium/policies/managed/*.json (machine-wide, root
 * only), so tests run serially and the file is always removed: after each
 * test by the caller, at exit by the hook below, and at start by global setup.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { lockHeldByThisRun } from './run-lock';

export const POLICY_DIR = process.env.CHROMIUM_POLICY_DIR ?? '/etc/chromium/policies/managed';
export const POLICY_FILE = join(POLICY_DIR, 'school-filter-e2e.json');

export interface PolicyFile {
  /** Values for our extension's chrome.storage.managed, keyed as in managed_schema.json. */
  extension?: Record<string, unknown>;
  /** Browser-wide Chrome policies (ExtensionInstallForcelist, DeveloperToolsAvailability, ...). */
  chrome?: Record<string, unknown>;
}

export function writePolicy(extensionId: string, policy: PolicyFile): void {
  writePolicies(policy.extension ? { [extensionId]: policy.extension } : {}, policy.chrome);
}

/**
 * One policy file for several extension ids: browsers side by side (a
 * teacher's and pupils') each load a build with its own id and read their
 * own entry, as different OUs would receive from the Admin console.
 */
export function writePolicies(byExtensionId: Record<string, Record<string, unknown>>, chromePolicies: Record<string, unknown> = {}): void {
  const content: Record<string, unknown> = { ...chromePolicies };
  if (Object.keys(byExtensionId).length > 0) content['3rdparty'] = { extensions: byExtensionId };
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    writeFileSync(POLICY_FILE, JSON.stringify(content, null, 2));
  } catch (error) {
    throw new Error(
      `Cannot write ${POLICY_FILE} (${(error as Error).message}). Managed policy tests need root, ` +
        'or CHROMIUM_POLICY_DIR pointing at a directory this Chromium build reads.',
    );
  }
}

export function removePolicy(): void {
  rmSync(POLICY_FILE, { force: true });
}

// Only the run holding the lock: a second run still waiting for it (and then stopped, or timed out) must not
// remove the policy a running test has just written. (That happened: a test lost its policy mid-way.)
process.once('exit', () => {
  if (lockHeldByThisRun()) removePolicy();
});

/**
 * Chromium polls policy files every few seconds and delivers a change to
 * storage.onChanged ~5 s later. chrome://policy's "Reload policies" does it in
 * milliseconds; tests use it so they wait for our code, not the poll.
 */
export async function reloadPolicies(browser: Browser): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.goto('chrome://policy', { waitUntil: 'domcontentloaded' });
    await page.evaluate(() => (globalThis as unknown as { chrome: { send(name: string): void } }).chrome.send('reloadPolicies'));
  } finally {
    await page.close();
  }
}
