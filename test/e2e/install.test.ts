/**
 * The real install path: Chromium with ExtensionInstallForcelist pointing at a
 * loopback update server that serves update.xml and the CRX that
 * `npm run package` made. The extension installs itself, receives its managed
 * policy, filters, cannot be removed by the user, and updates to version N+1
 * keeping its rulesets and its queued events.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST_DIR, type ExtensionSession, landing, launchWithExtension, queuedEvents, waitForWorkerState } from './harness';
import { packageExtension, runningVersion as version, startUpdateServer, type UpdateServer, waitForVersion } from './harness/update-server';

const BUILT_VERSION = JSON.parse(readFileSync(join(DIST_DIR, 'manifest.json'), 'utf8')).version as string;
const NEXT_VERSION = BUILT_VERSION.replace(/(\d+)$/, (last) => String(Number(last) + 1));

let out: string;
let updates: UpdateServer;
let session: ExtensionSession;
let extensionId: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'school-filter-package-'));
  updates = await startUpdateServer(out);
  extensionId = packageExtension({ out, baseUrl: updates.baseUrl, version: BUILT_VERSION });
  session = await launchWithExtension({
    forceInstall: { extensionId, updateUrl: `${updates.baseUrl}/update.xml` },
    policy: { extension: { schoolName: 'Harness Academy', role: 'pupil', yearGroup: 'Y7' } },
  });
}, 120_000);

afterAll(async () => {
  await session?.close();
  await updates?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('force-installed from a self-hosted update URL', () => {
  it('installs by itself from update.xml and the CRX, gets its managed policy, and filters', async () => {
    await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y7' && s.dynamicRuleCount > 0, { what: 'the Y7 policy on the installed extension' });
    expect(updates.fetched).toEqual(expect.arrayContaining(['update.xml', `school-filter-${BUILT_VERSION}.crx`]));
    expect(await version(session)).toBe(BUILT_VERSION);
    expect(await landing(session, 'https://www.pornhub.com/')).toMatchObject({ where: 'block', reason: 'adult' });
    expect(session.fixture.requestsTo('www.pornhub.com')).toHaveLength(0);
    // The compact bootstrap guarded the first moments; the plan replaced it with the full rulesets.
    const enabled = await session.evaluateInWorker(() => chrome.declarativeNetRequest.getEnabledRulesets());
    expect(enabled).toEqual(expect.arrayContaining(['adult_block', 'illegal_block', 'never_block']));
    expect(enabled).not.toContain('bootstrap');
  });

  it('is installed by the administrator: the user can neither disable nor remove it', async () => {
    const self = await session.evaluateInWorker(() => chrome.management.getSelf());
    expect(self).toMatchObject({ id: extensionId, installType: 'admin', mayDisable: false, enabled: true });
    // Even the extension asking to remove itself is refused for a policy-installed extension.
    const removal = await session.evaluateInWorker(() =>
      chrome.management.uninstallSelf({ showConfirmDialog: false }).then(
        () => 'removed',
        (error: unknown) => String(error),
      ),
    );
    expect(removal).not.toBe('removed');
    expect(await version(session)).toBe(BUILT_VERSION);
  });

  it('updates to the next version published on the server, keeping its rulesets and queued events', async () => {
    // No endpoint in this policy: events wait in the queue across the update.
    const tab = await session.browser.newPage();
    for (const path of ['a', 'b', 'c']) await tab.goto(`https://pages.example/before-update/${path}`, { waitUntil: 'domcontentloaded' });
    await tab.close();
    await waitForWorkerState(session, () => true);
    const queuedBefore = await queuedEvents(session);
    expect(queuedBefore.filter((event) => event.type === 'navigation' && event.host === 'pages.example').length).toBeGreaterThanOrEqual(3);
    const rulesetsBefore = await session.evaluateInWorker(() => chrome.declarativeNetRequest.getEnabledRulesets());
    const dynamicBefore = await session.evaluateInWorker(async () => (await chrome.declarativeNetRequest.getDynamicRules()).length);

    packageExtension({ out, baseUrl: updates.baseUrl, version: NEXT_VERSION });
    const fetchedBefore = updates.fetched.length;
    const check = await session.evaluateInWorker(() => chrome.runtime.requestUpdateCheck());
    expect(check).toEqual({ status: 'update_available', version: NEXT_VERSION });
    expect(updates.fetched.slice(fetchedBefore)).toContain('update.xml');
    await waitForVersion(session, NEXT_VERSION, 45_000, async (running) => {
      const internals = await session.browser.newPage();
      await internals.goto('chrome://extensions-internals');
      const text = await internals.evaluate(() => document.body.innerText);
      return `still on ${running} after ${NEXT_VERSION} was published; fetched ${updates.fetched.join(', ')}; targets ${session.browser.targets().map((t) => `${t.type()} ${t.url()}`).join(' | ')}; ${text.slice(text.indexOf(extensionId) - 200, text.indexOf(extensionId) + 1500)}`;
    });
    expect(updates.fetched).toContain(`school-filter-${NEXT_VERSION}.crx`);
    await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y7' && s.enabledRulesets.length > 0, { what: 'the updated worker to apply its plan' });

    expect((await session.evaluateInWorker(() => chrome.declarativeNetRequest.getEnabledRulesets())).sort()).toEqual(rulesetsBefore.sort());
    expect(await session.evaluateInWorker(async () => (await chrome.declarativeNetRequest.getDynamicRules()).length)).toBe(dynamicBefore);
    const idsAfter = new Set((await queuedEvents(session)).map((event) => event.id));
    for (const event of queuedBefore) expect(idsAfter.has(event.id), `${event.type} ${event.id}`).toBe(true);
    expect(await landing(session, 'https://www.pornhub.com/')).toMatchObject({ where: 'block', reason: 'adult' });
  }, 150_000);
});
