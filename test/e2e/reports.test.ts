/**
 * "Report this page" in real Chromium, delivered to the real school endpoint
 * on loopback (its SQLite file is what the tests read): the popup's one click
 * and follow-up, the endpoint going down and coming back, screenshots per
 * policy, category and reason, the block and warn pages, the context menu and
 * the shortcut, and staff.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SCREENSHOT_BYTES } from '../../src/reports/model';
import type { ReportView } from '../../src/shared/messages';
import {
  axeViolations,
  changePolicy,
  classifyLanding,
  type E2eEndpoint,
  type ExtensionSession,
  launchWithExtension,
  openPopup,
  outboxRecords,
  queuedEvents,
  startEndpoint,
  tabIdOf,
  waitForWorkerState,
} from './harness';

interface ReportRow {
  id: string;
  url: string;
  title: string;
  user: string;
  device_directory_id: string;
  device_serial_number: string;
  device_asset_id: string;
  year_group: string | null;
  role: string;
  token_label: string;
  category: string | null;
  reason: string | null;
  comment: string | null;
  urgent: number;
  screenshot: Buffer | null;
}

let endpoint: E2eEndpoint;
let session: ExtensionSession;

const pupilPolicy = (overrides: Record<string, unknown> = {}) => ({
  schoolName: 'Harness Academy',
  role: 'pupil',
  yearGroup: 'Y7',
  endpoint: endpoint.policyValue(),
  reportScreenshots: true,
  // The admin allowed one site our adult list names: it shows, and is still an adult page.
  allowDomains: ['xvideos.com'],
  ...overrides,
});

/** Writes a new policy and waits until the worker has applied it (a new policy hash) and `until` holds. */
function rowsFor(id: string): ReportRow[] {
  return endpoint.rows<ReportRow>('SELECT * FROM reports WHERE id = ?', id);
}

async function arrived(id: string): Promise<ReportRow> {
  await expect.poll(() => rowsFor(id).length, { timeout: 60_000, interval: 250 }).toBe(1);
  return rowsFor(id)[0]!;
}

function trail(id: string): string[] {
  return endpoint.rows<{ action: string }>('SELECT action FROM report_trail WHERE report_id = ? ORDER BY seq', id).map((row) => row.action);
}

async function statusOf(page: Page, delivery: 'sent' | 'saved' | 'failed'): Promise<{ id: string; text: string }> {
  const status = await page.waitForSelector(`[data-testid="report-status"][data-delivery="${delivery}"]`, { timeout: 20_000 });
  return status!.evaluate((el) => ({ id: el.getAttribute('data-report-id')!, text: el.textContent ?? '' }));
}

/** Opens `url` in a tab of its own and the popup (as a page, in its own window) for that tab. */
async function pageAndPopup(url: string): Promise<{ page: Page; popup: Page; tabId: number }> {
  const { page } = await session.navigate(url);
  const tabId = await tabIdOf(session, page.url());
  return { page, popup: await openPopup(session, tabId), tabId };
}

async function followUp(popup: Page, reason: string, comment: string): Promise<void> {
  await popup.click(`[data-testid="report-reason-${reason}"]`);
  if (comment) await popup.type('[data-testid="report-comment"]', comment);
  await popup.click('[data-testid="report-follow-up-submit"]');
  await popup.waitForFunction(() => !document.querySelector('[data-testid="report-follow-up"]'));
}

function expectJpegWithinCap(screenshot: Buffer | null): void {
  expect(screenshot).not.toBeNull();
  expect([...screenshot!.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  expect(screenshot!.length).toBeLessThanOrEqual(MAX_SCREENSHOT_BYTES);
}

beforeAll(async () => {
  endpoint = await startEndpoint();
  session = await launchWithExtension({ policy: { extension: pupilPolicy() } });
  await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y7' && s.profile.reportScreenshots, { what: 'the Y7 profile' });
}, 120_000);

// A test that failed with the endpoint down must not fail every test after it.
afterEach(async () => {
  await endpoint.restart();
});

afterAll(async () => {
  await session?.close();
  await endpoint?.close();
});

describe('the popup', () => {
  let popup: Page;
  let reportId: string;

  it('one click, by keyboard alone, delivers the report with the page and who sent it, and says so', async () => {
    const opened = await pageAndPopup('https://forum.example.org/thread/9?page=2');
    popup = opened.popup;
    expect(await axeViolations(popup)).toEqual([]);
    await popup.keyboard.press('Tab');
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('report-send');
    await popup.keyboard.press('Enter');

    const status = await statusOf(popup, 'sent');
    reportId = status.id;
    expect(status.text).toContain('Sent to your school. Thank you, you did the right thing.');
    expect(await popup.$eval('[data-testid="report-help"]', (el) => el.textContent)).toContain('Childline');
    // The outcome takes focus, so a screen reader reads it at once.
    expect(await popup.evaluate(() => document.activeElement?.closest('[data-testid="report-status"]') !== null)).toBe(true);

    const state = await waitForWorkerState(session, () => true);
    const row = await arrived(reportId);
    expect(row).toMatchObject({
      url: 'https://forum.example.org/thread/9?page=2',
      title: 'fixture forum.example.org/thread/9?page=2',
      user: state.email,
      device_directory_id: state.device?.directoryId ?? '',
      device_serial_number: state.device?.serialNumber ?? '',
      device_asset_id: state.device?.assetId ?? '',
      year_group: 'Y7',
      role: 'pupil',
      token_label: 'pupils',
      category: null,
      reason: null,
      comment: null,
      urgent: 0,
    });
    // No reason yet, so no picture, although the policy allows them.
    expect(row.screenshot).toBeNull();

    await expect.poll(async () => (await queuedEvents(session, 'report')).some((e) => e.reportId === reportId)).toBe(true);
    const pointer = (await queuedEvents(session, 'report')).find((e) => e.reportId === reportId)!;
    expect(pointer).toMatchObject({ category: null, host: 'forum.example.org', yearGroup: 'Y7' });
    expect(pointer).not.toHaveProperty('url');
    expect(await axeViolations(popup)).toEqual([]);
  });

  it('a follow-up reason and comment, chosen by keyboard, update the same report; contact is urgent', async () => {
    await popup.keyboard.press('Tab');
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('report-reason-upset');
    for (let i = 0; i < 3; i++) await popup.keyboard.press('ArrowDown');
    expect(await popup.$eval('[data-testid="report-reason-stranger-contact"]', (el) => (el as HTMLInputElement).checked)).toBe(true);
    await popup.keyboard.press('Tab');
    await popup.keyboard.type('Someone asked which school I go to');
    await popup.keyboard.press('Tab');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('[data-testid="report-urgent"]');
    expect((await statusOf(popup, 'sent')).id).toBe(reportId);

    const row = await arrived(reportId);
    expect(row).toMatchObject({ reason: 'stranger-contact', comment: 'Someone asked which school I go to', urgent: 1 });
    expect(row.screenshot).toBeNull();
    expect(trail(reportId)).toEqual(['received', 'pupil-update']);
    expect(endpoint.rows('SELECT id FROM reports')).toHaveLength(1);
    await popup.close();
  });
});

describe('with the endpoint down', () => {
  it('the report waits on the device, says so, and arrives once when the endpoint is back, with a picture only for an allowed reason', async () => {
    await endpoint.stop();
    const bullying = await pageAndPopup('https://chat.example.org/room/1');
    await bullying.popup.click('[data-testid="report-send"]');
    const saved = await statusOf(bullying.popup, 'saved');
    expect(saved.text).toContain("Saved. It will be sent when you're back online.");
    // Bullying evidence: the policy allows pictures, so one is taken now, while the POST still waits.
    await followUp(bullying.popup, 'unkind-to-me', 'They keep posting about me');
    await bullying.popup.waitForSelector('[data-testid="report-screenshot"]');
    expect((await statusOf(bullying.popup, 'saved')).id).toBe(saved.id);

    // "Rude or unsuitable" may mean sexual images: never a picture.
    const rude = await pageAndPopup('https://chat.example.org/room/2');
    await rude.popup.click('[data-testid="report-send"]');
    const rudeId = (await statusOf(rude.popup, 'saved')).id;
    await followUp(rude.popup, 'rude-or-unsuitable', '');
    expect(await rude.popup.$('[data-testid="report-screenshot"]')).toBeNull();

    const waiting = await outboxRecords(session);
    const stored = waiting.find((r) => r.id === saved.id)!;
    expect(stored).toMatchObject({ acknowledged: null, failure: null });
    expect(stored.report).toMatchObject({ reason: 'unkind-to-me', urgent: true });
    expect(stored.report.screenshot?.mime).toBe('image/jpeg');
    expect(waiting.find((r) => r.id === rudeId)!.report.screenshot).toBeNull();
    expect(rowsFor(saved.id)).toHaveLength(0);

    // Chrome stops the worker; the endpoint comes back; the next wake sends what waits.
    await session.stopWorker();
    await endpoint.restart();
    await session.worker();

    const row = await arrived(saved.id);
    expect(row).toMatchObject({ url: 'https://chat.example.org/room/1', reason: 'unkind-to-me', comment: 'They keep posting about me', urgent: 1, category: null });
    expectJpegWithinCap(row.screenshot);
    // One POST carried the reason: no separate update.
    expect(trail(saved.id)).toEqual(['received']);
    const rudeRow = await arrived(rudeId);
    expect(rudeRow).toMatchObject({ reason: 'rude-or-unsuitable' });
    expect(rudeRow.screenshot).toBeNull();

    // Delivered: nothing left to send, the picture gone from the device, and another pass sends nothing twice.
    await expect.poll(async () => (await outboxRecords(session)).filter((r) => [saved.id, rudeId].includes(r.id) && r.acknowledged !== null).length).toBe(2);
    expect((await outboxRecords(session)).find((r) => r.id === saved.id)!.report.screenshot).toBeNull();
    await session.evaluateInWorker(() => (globalThis as unknown as { schoolFilter: { sendReports(): Promise<unknown> } }).schoolFilter.sendReports());
    expect(rowsFor(saved.id)).toHaveLength(1);
    expect(trail(saved.id)).toEqual(['received']);
    for (const opened of [bullying, rude]) {
      await opened.popup.close();
      await opened.page.close();
    }
  }, 120_000);
});

describe('screenshots follow the policy and the category', () => {
  async function reportWhileDown(url: string, reason: string): Promise<{ id: string; category: string | null }> {
    await endpoint.stop();
    const opened = await pageAndPopup(url);
    await opened.popup.click('[data-testid="report-send"]');
    const id = (await statusOf(opened.popup, 'saved')).id;
    await followUp(opened.popup, reason, '');
    const stored = (await outboxRecords(session)).find((r) => r.id === id)!;
    await endpoint.restart();
    await opened.popup.close();
    await opened.page.close();
    return { id, category: stored.report.category };
  }

  it('online: the one-click report goes without a picture, and the reason that allows one brings it with the PATCH', async () => {
    const opened = await pageAndPopup('https://chat.example.org/room/7');
    await opened.popup.click('[data-testid="report-send"]');
    const id = (await statusOf(opened.popup, 'sent')).id;
    expect((await arrived(id)).screenshot).toBeNull();
    await followUp(opened.popup, 'unkind-to-me', 'they said it in the group chat');
    await expect.poll(() => rowsFor(id)[0]?.screenshot !== null && rowsFor(id)[0]?.screenshot !== undefined, { timeout: 30_000, interval: 250 }).toBe(true);
    const row = rowsFor(id)[0]!;
    expect(row).toMatchObject({ reason: 'unkind-to-me', comment: 'they said it in the group chat', urgent: 1 });
    expectJpegWithinCap(row.screenshot);
    // The device keeps no copy once the endpoint has it.
    await expect.poll(async () => (await outboxRecords(session)).find((r) => r.id === id)?.report.screenshot ?? null).toBeNull();
    await opened.popup.close();
    await opened.page.close();
  }, 120_000);

  it('no picture when the policy does not allow them, for the same page and reason that had one', async () => {
    await changePolicy(session, pupilPolicy({ reportScreenshots: false }), (s) => s.profile?.reportScreenshots === false, 'screenshots off');
    const { id } = await reportWhileDown('https://chat.example.org/room/3', 'unkind-to-me');
    const row = await arrived(id);
    expect(row.reason).toBe('unkind-to-me');
    expect(row.screenshot).toBeNull();
    await changePolicy(session, pupilPolicy(), (s) => s.profile?.reportScreenshots === true, 'screenshots on');
  }, 120_000);

  it('no picture of an adult page, even one the school allowed and the pupil saw', async () => {
    const { id, category } = await reportWhileDown('https://www.xvideos.com/', 'unkind-to-me');
    expect(category).toBe('adult');
    const row = await arrived(id);
    expect(row).toMatchObject({ category: 'adult', reason: 'unkind-to-me' });
    expect(row.screenshot).toBeNull();
  }, 120_000);
});

describe('screenshots that are too big', () => {
  it('are shrunk under the endpoint cap in the worker, still JPEG', async () => {
    // A page of random noise: JPEG cannot compress it, so the tab's capture is far over the cap.
    session.fixture.route((request) =>
      request.host === 'noise.example.org'
        ? {
            body: `<!doctype html><html lang="en"><head><title>noise</title><style>body{margin:0}</style></head><body><canvas id="c"></canvas><script>
              const c = document.getElementById('c'); c.width = innerWidth; c.height = innerHeight;
              const x = c.getContext('2d'); const d = x.createImageData(c.width, c.height);
              for (let i = 0; i < d.data.length; i++) d.data[i] = (i % 4 === 3) ? 255 : Math.random() * 256;
              x.putImageData(d, 0, 0); document.title = 'noise ready';
            </script></body></html>`,
          }
        : undefined,
    );
    await endpoint.stop();
    const { page } = await session.navigate('about:blank');
    await page.setViewport({ width: 1366, height: 768 }); // a Chromebook's screen
    await page.goto('https://noise.example.org/');
    await page.waitForFunction(() => document.title === 'noise ready');
    const opened = { page, tabId: await tabIdOf(session, page.url()), popup: await openPopup(session, await tabIdOf(session, page.url())) };
    const rawChars = await session.evaluateInWorker(async (id: number) => {
      const tab = await chrome.tabs.get(id);
      return (await chrome.tabs.captureVisibleTab(tab.windowId, { format: 'jpeg', quality: 80 })).length;
    }, opened.tabId);
    expect(rawChars * 0.75).toBeGreaterThan(MAX_SCREENSHOT_BYTES);

    await opened.popup.click('[data-testid="report-send"]');
    const { id } = await statusOf(opened.popup, 'saved');
    await followUp(opened.popup, 'unkind-to-me', '');
    await opened.popup.waitForSelector('[data-testid="report-screenshot"]');
    await endpoint.restart();
    expectJpegWithinCap((await arrived(id)).screenshot);
    await opened.popup.close();
    await opened.page.close();
  }, 120_000);
});

describe('a report the endpoint refuses', () => {
  it('is kept on the device, shown as not sent and on the status page, and sent once the policy is fixed', async () => {
    await changePolicy(
      session,
      pupilPolicy({ endpoint: { url: endpoint.url, token: 'not-a-token-this-endpoint-knows' } }),
      () => true,
      'a policy with a wrong token',
    );
    const opened = await pageAndPopup('https://forum.example.org/thread/refused');
    await opened.popup.click('[data-testid="report-send"]');
    const { id, text } = await statusOf(opened.popup, 'failed');
    expect(text).toContain('could not take it');
    expect(rowsFor(id)).toHaveLength(0);
    expect((await outboxRecords(session)).find((r) => r.id === id)!.failure).toMatchObject({ status: 401 });

    const { page: status } = await session.navigate(session.extensionUrl('src/pages/status.html'));
    await status.waitForSelector('[data-testid="reports-refused"]');
    expect(await status.$eval('[data-testid="reports-refused"]', (el) => el.textContent)).toContain(`${id}: HTTP 401`);
    await status.close();

    await changePolicy(session, pupilPolicy(), () => true, 'the fixed policy');
    expect(await arrived(id)).toMatchObject({ url: 'https://forum.example.org/thread/refused', token_label: 'pupils' });
    await expect.poll(async () => (await outboxRecords(session)).find((r) => r.id === id)!.failure).toBeNull();
    await opened.popup.close();
    await opened.page.close();
  }, 120_000);
});

describe('block and warn pages', () => {
  async function reportWrong(url: string, expected: { where: 'block' | 'warn'; reason: string }): Promise<{ page: Page; id: string }> {
    const { page, url: landed } = await session.navigate(url);
    expect(classifyLanding(session, landed)).toMatchObject(expected);
    const testId = expected.where === 'block' ? 'blocked-page' : 'warn-page';
    await page.waitForSelector(`[data-testid="${testId}"][data-ready="true"]`);
    await page.click('[data-testid="report-wrong"]');
    return { page, id: (await statusOf(page, 'sent')).id };
  }

  it('"I think this is wrong" reports the blocked address and its category, not our page, with no picture', async () => {
    const { page, id } = await reportWrong('https://www.bet365.com/odds?race=3', { where: 'block', reason: 'gambling' });
    const row = await arrived(id);
    expect(row).toMatchObject({ url: 'https://www.bet365.com/odds?race=3', title: '', category: 'gambling', reason: 'should-not-be-blocked', urgent: 0, year_group: 'Y7', role: 'pupil' });
    expect(row.screenshot).toBeNull();
    expect(await axeViolations(page)).toEqual([]);
    // A comment adds to the same report.
    await page.type('[data-testid="report-comment"]', 'We need it for a maths lesson on probability');
    await page.click('[data-testid="report-follow-up-submit"]');
    await expect.poll(() => rowsFor(id)[0]?.comment).toBe('We need it for a maths lesson on probability');
    await page.close();
  });

  it('an adult block page report never has a picture', async () => {
    const { page, id } = await reportWrong('https://www.pornhub.com/view?x=1', { where: 'block', reason: 'adult' });
    const row = await arrived(id);
    expect(row).toMatchObject({ url: 'https://www.pornhub.com/view?x=1', category: 'adult', reason: 'should-not-be-blocked' });
    expect(row.screenshot).toBeNull();
    await page.close();
  });

  it('the warn page reports the warned site', async () => {
    const { page, id } = await reportWrong('https://www.tiktok.com/@someone', { where: 'warn', reason: 'social' });
    expect(await arrived(id)).toMatchObject({ url: 'https://www.tiktok.com/@someone', category: 'social', reason: 'should-not-be-blocked' });
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('the context menu and the keyboard shortcut', () => {
  type Handle = { schoolFilter: Record<string, (...args: unknown[]) => Promise<ReportView | null>> };

  async function trigger(kind: 'contextMenuClicked' | 'commandTriggered', url: string): Promise<{ view: ReportView; page: Page; tabId: number }> {
    const { page } = await session.navigate(url);
    const tabId = await tabIdOf(session, page.url());
    // Chrome offers no way to click a context menu item, and (measured here) synthetic key events never reach
    // extension commands in headless Chromium: call the very listener Chrome calls, with what Chrome passes it.
    const view = await session.evaluateInWorker(
      async (handler: string, id: number) => {
        const tab = await chrome.tabs.get(id);
        const api = (globalThis as unknown as Handle).schoolFilter;
        return handler === 'contextMenuClicked'
          ? api.contextMenuClicked!({ menuItemId: 'report-page', editable: false, pageUrl: tab.url }, tab)
          : api.commandTriggered!('report-page', tab);
      },
      kind,
      tabId,
    );
    expect(view).not.toBeNull();
    return { view: view!, page, tabId };
  }

  it('the shortcut is really registered with Chrome', async () => {
    const commands = await session.evaluateInWorker(async () => chrome.commands.getAll());
    expect(commands.find((command) => command.name === 'report-page')).toMatchObject({ shortcut: 'Alt+Shift+H' });
  });

  /** The real toolbar popup, which the worker opens (chrome.action.openPopup) after the menu or the shortcut. */
  async function realPopup(): Promise<Page> {
    const url = session.extensionUrl('src/pages/popup.html');
    const target = await session.browser.waitForTarget((t) => t.url() === url, { timeout: 10_000 });
    // Puppeteer does not make Page objects for extension popups by itself.
    return target.asPage();
  }

  it('produce the same report as the popup, and the popup opens on that report to add a reason', async () => {
    const state = await waitForWorkerState(session, () => true);
    const cases = [
      ['contextMenuClicked', 'https://videos.example.org/watch?v=menu', 'upset'],
      ['commandTriggered', 'https://videos.example.org/watch?v=shortcut', 'unkind-to-me'],
    ] as const;
    for (const [kind, url, reason] of cases) {
      const { view, page } = await trigger(kind, url);
      expect(view.delivery, kind).toBe('sent');
      const row = await arrived(view.id);
      expect(row, kind).toMatchObject({ url, title: `fixture ${url.replace('https://', '')}`, user: state.email, year_group: 'Y7', role: 'pupil', category: null, reason: null });
      expect(row.screenshot).toBeNull();

      const popup = await realPopup();
      expect((await statusOf(popup, 'sent')).id, kind).toBe(view.id);
      expect(await axeViolations(popup)).toEqual([]);
      await followUp(popup, reason, '');
      await expect.poll(() => rowsFor(view.id)[0]?.reason).toBe(reason);
      expect(rowsFor(view.id)[0]!.urgent).toBe(1);
      await popup.close();
      // Shown once: the next popup for that tab offers a new report.
      const again = await openPopup(session, await tabIdOf(session, url));
      expect(await again.$('[data-testid="report-send"]')).not.toBeNull();
      await again.close();
      await page.close();
    }
  });
});

describe('staff', () => {
  it('get the same button, with reasons suited to staff, under the staff token', async () => {
    await changePolicy(
      session,
      { role: 'staff', endpoint: endpoint.policyValue('staff'), reportScreenshots: true },
      (s) => s.profile?.role === 'staff',
      'the staff profile',
    );
    const { popup, page } = await pageAndPopup('https://resources.example.org/lesson');
    expect(await popup.$eval('[data-testid="popup-page"]', (el) => el.getAttribute('data-audience'))).toBe('adult');
    await popup.click('[data-testid="report-send"]');
    const { id, text } = await statusOf(popup, 'sent');
    expect(text).toContain('Report sent');
    const chips = await popup.$$eval('[data-testid^="report-reason-"]', (els) => els.map((el) => el.getAttribute('value')));
    expect(chips).toEqual(['under-blocking', 'over-blocking', 'safeguarding-concern', 'something-else']);
    expect(await axeViolations(popup)).toEqual([]);
    await followUp(popup, 'under-blocking', 'Should be in the games list');
    await expect.poll(() => rowsFor(id)[0]?.reason).toBe('under-blocking');
    expect(rowsFor(id)[0]).toMatchObject({ role: 'staff', year_group: null, token_label: 'staff', comment: 'Should be in the games list', urgent: 0 });
    await popup.close();
    await page.close();
  });
});
