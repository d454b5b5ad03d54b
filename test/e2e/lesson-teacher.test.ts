/**
 * The teacher's "Allow for this lesson" panel in real Chromium, against the
 * real school endpoint on loopback (its SQLite file is what the tests read):
 * the current site prefilled, a required reason refused in the page, a locked
 * site refused from the extension's own lists, an allowlist stored with who
 * opened it, for whom, why and for how long, listed with its time left, and
 * ended early. A pupil's popup has no panel, and the worker refuses a pupil
 * who asks it directly.
 *
 * Headless Chromium cannot sign in to a Google account, so the teacher's
 * account is the development install's storage.local `developmentEmail`
 * (src/background/identity.ts), set by the harness's `signInForTest`. The
 * lesson handlers read the account afresh for each message, so a teacher who
 * signs in after the policy was applied gets the panel without a restart.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonCreateReply, LessonPanelView } from '../../src/overrides/panel';
import { signIn } from '../server/harness/dashboard';
import {
  axeViolations,
  changePolicy,
  type E2eEndpoint,
  type ExtensionSession,
  IT_LEAD,
  launchWithExtension,
  openPopup,
  signInForTest,
  startEndpoint,
  tabIdOf,
  waitForWorkerState,
} from './harness';
import { lessonPopup as lessonPopupOf, openLessonForm, pressAndAwaitOutcome } from './harness/lesson-panel';

interface OverrideRow {
  id: string;
  created_by: string;
  token_label: string;
  domains: string;
  year_groups: string;
  classes: string;
  pupils: string;
  reason: string;
  starts_at: string;
  ends_at: string;
  ended_at: string | null;
  ended_by: string | null;
}

const TEACHER = 'teacher@school.example';
const LESSON_SITE = 'https://www.maths-lesson.example/graphs?unit=3';
const CLASS_NAME = '8B/Sc1';

let endpoint: E2eEndpoint;
let session: ExtensionSession;

const staffPolicy = () => ({ schoolName: 'Harness Academy', role: 'staff', endpoint: endpoint.policyValue('staff'), lessonAllowlists: { maxMinutes: 60 } });

const overrides = () => endpoint.rows<OverrideRow>('SELECT * FROM overrides ORDER BY starts_at');

const lessonPopup = (available = true) => lessonPopupOf(session, LESSON_SITE, available);

const focusedTestId = (popup: Page) => popup.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? null);

/** Focus moves after the page renders: wait for it rather than race it. */
async function expectFocusOn(popup: Page, testId: string): Promise<void> {
  await popup
    .waitForFunction((id: string) => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') === id, { timeout: 5_000 }, testId)
    .catch(() => undefined);
  expect(await focusedTestId(popup)).toBe(testId);
}

async function clearAndType(popup: Page, selector: string, text: string): Promise<void> {
  await popup.focus(selector);
  await popup.keyboard.down('Control');
  await popup.keyboard.press('KeyA');
  await popup.keyboard.up('Control');
  await popup.keyboard.press('Backspace');
  if (text) await popup.keyboard.type(text);
}

beforeAll(async () => {
  endpoint = await startEndpoint();
  const itLead = await signIn(endpoint.server!, IT_LEAD);
  const roster = ['class,pupil email', `${CLASS_NAME},ada@school.example`, `${CLASS_NAME},alan@school.example`, '9X/Cs1,grace@school.example'].join('\n');
  expect((await itLead.post('/rosters', roster, 'text/csv')).status).toBe(200);
  session = await launchWithExtension({ policy: { extension: staffPolicy() } });
  await waitForWorkerState(session, (s) => s.profile?.role === 'staff' && s.profile.lessonAllowlists.maxMinutes === 60, { what: 'the staff profile' });
}, 120_000);

afterAll(async () => {
  await session?.close();
  await endpoint?.close();
});

describe('the teacher’s panel', () => {
  it('asks a member of staff with no school account to sign in, and offers no form', async () => {
    // A fresh profile: no developmentEmail yet, so no account.
    const { popup, page } = await lessonPopup(false);
    expect(await popup.$eval('[data-testid="lesson-unavailable"]', (el) => el.textContent)).toContain('Sign in to Chrome with your school account');
    expect(await popup.$('[data-testid="lesson-form"]')).toBeNull();
    await popup.close();
    await page.close();
  });

  describe('signed in', () => {
    let popup: Page;
    let page: Page;

    beforeAll(async () => {
      await signInForTest(session, TEACHER);
      ({ popup, page } = await lessonPopup());
    });

    afterAll(async () => {
      await popup?.close();
      await page?.close();
    });

    it('sits below the one-click report button, with the current site prefilled (www. dropped), presets within the policy and the roster classes', async () => {
      expect(await popup.$('[data-testid="report-send"]')).not.toBeNull();
      await openLessonForm(popup);
      // The form starts at the prefilled site.
      await popup.keyboard.press('Tab');
      await expectFocusOn(popup, 'lesson-domain-0');
      expect(await popup.$eval('[data-testid="lesson-domain-0"]', (el) => (el as HTMLInputElement).value)).toBe('maths-lesson.example');
      const presets = await popup.$$eval('[data-testid^="lesson-minutes-"]', (els) => els.map((el) => el.getAttribute('data-testid')));
      expect(presets).toEqual(['lesson-minutes-30', 'lesson-minutes-50', 'lesson-minutes-60']);
      expect(await popup.$eval('[data-testid="lesson-minutes-50"]', (el) => (el as HTMLInputElement).checked)).toBe(true);
      expect(await popup.$eval('[data-testid="lesson-until"]', (el) => el.textContent)).toMatch(/^Until \d\d:\d\d \(your school allows up to 60 minutes\)\.$/);
      expect(await popup.$eval(`[data-testid="lesson-class-${CLASS_NAME}"]`, (el) => el.closest('label')?.textContent)).toContain(`${CLASS_NAME} (2 pupils)`);
      expect(await popup.$eval('[data-testid="lesson-active"]', (el) => el.textContent)).toContain('None open now.');
      expect(await axeViolations(popup)).toEqual([]);
    });

    it('refuses an empty reason in the page, beside the field, and stores nothing', async () => {
      await popup.focus('[data-testid="lesson-year-Y8"]');
      await popup.keyboard.press('Space');
      expect(await popup.$eval('[data-testid="lesson-year-Y8"]', (el) => (el as HTMLInputElement).checked)).toBe(true);
      const refused = await pressAndAwaitOutcome(popup, '[data-testid="lesson-submit"]');
      expect(refused.kind).toBe('refused');
      expect(refused.text).toContain('Please check the form: nothing was opened.');
      await expectFocusOn(popup, 'lesson-outcome');
      const reason = await popup.$eval('[data-testid="lesson-reason"]', (el) => ({ invalid: el.getAttribute('aria-invalid'), describedBy: el.getAttribute('aria-describedby') }));
      expect(reason).toEqual({ invalid: 'true', describedBy: 'lesson-reason-hint lesson-error-reason' });
      expect(await popup.$eval('#lesson-error-reason', (el) => el.textContent)).toContain('Give a reason (at least 3 characters)');
      expect(await axeViolations(popup)).toEqual([]);
      expect(overrides()).toEqual([]);
    });

    it('refuses a site in a locked category from the extension’s own lists, naming it beside its row, and stores nothing', async () => {
      await popup.focus('[data-testid="lesson-domain-add"]');
      await popup.keyboard.press('Enter');
      // The new row takes focus.
      await expectFocusOn(popup, 'lesson-domain-1');
      await popup.keyboard.type('https://www.pornhub.com/some/page');
      await clearAndType(popup, '[data-testid="lesson-reason"]', 'Graphing lesson for 8B');
      const { kind, text } = await pressAndAwaitOutcome(popup, '[data-testid="lesson-submit"]');
      expect(kind).toBe('refused');
      expect(text).toContain('Some of these websites can never be opened for a lesson, so nothing was opened.');
      const rowError = await popup.$eval('[data-testid="lesson-error-domains-1"]', (el) => el.textContent);
      expect(rowError).toBe('pornhub.com is listed as "Pornography and sexual content", which the school does not let teachers open.');
      expect(await popup.$eval('[data-testid="lesson-domain-1"]', (el) => el.getAttribute('aria-describedby'))).toBe('lesson-error-domains-1');
      expect(await popup.$('[data-testid="lesson-error-domains-0"]')).toBeNull();
      expect(overrides()).toEqual([]);
    });

    it('opens the lesson site for a year group and a class: stored at the endpoint with the teacher, the reason and the preset length, and listed with its time left', async () => {
      await popup.focus('[data-testid="lesson-domain-remove-1"]');
      await popup.keyboard.press('Enter');
      expect(await popup.$('[data-testid="lesson-domain-1"]')).toBeNull();
      await expectFocusOn(popup, 'lesson-domain-0');
      await popup.focus(`[data-testid="lesson-class-${CLASS_NAME}"]`);
      await popup.keyboard.press('Space');
      const { kind, text } = await pressAndAwaitOutcome(popup, '[data-testid="lesson-submit"]');
      expect(kind).toBe('ok');
      expect(text).toMatch(new RegExp(`^Open until \\d\\d:\\d\\d for Y8 · class ${CLASS_NAME}: maths-lesson\\.example\\.`));
      await expectFocusOn(popup, 'lesson-outcome');

      const [row] = overrides();
      expect(overrides()).toHaveLength(1);
      expect(row).toMatchObject({ created_by: TEACHER, token_label: 'staff', reason: 'Graphing lesson for 8B', ended_at: null, ended_by: null });
      expect(JSON.parse(row!.domains)).toEqual(['maths-lesson.example']);
      expect(JSON.parse(row!.year_groups)).toEqual(['Y8']);
      expect(JSON.parse(row!.classes)).toEqual([CLASS_NAME]);
      expect(JSON.parse(row!.pupils)).toEqual([]);
      expect(Date.parse(row!.ends_at) - Date.parse(row!.starts_at)).toBe(50 * 60_000);
      expect(Math.abs(Date.parse(row!.starts_at) - Date.now())).toBeLessThan(60_000);

      const item = await popup.waitForSelector(`[data-testid="lesson-active-item"][data-id="${row!.id}"]`);
      expect(await item!.$eval('[data-testid="lesson-time-left"]', (el) => el.textContent)).toBe('50 min left');
      expect(await item!.evaluate((el) => el.textContent)).toContain('Reason: Graphing lesson for 8B');
      // The reason is cleared for the next allowlist; the sites and who stay.
      expect(await popup.$eval('[data-testid="lesson-reason"]', (el) => (el as HTMLTextAreaElement).value)).toBe('');
      expect(await axeViolations(popup)).toEqual([]);
    });

    it('lists it in a new popup from the endpoint, with time left, and "End now" ends it there with who ended it', async () => {
      const [row] = overrides();
      const again = await lessonPopup();
      try {
        const item = await again.popup.waitForSelector(`[data-testid="lesson-active-item"][data-id="${row!.id}"]`);
        expect(await item!.$eval('[data-testid="lesson-time-left"]', (el) => el.textContent)).toMatch(/^(49|50) min left$/);
        expect(await item!.evaluate((el) => el.textContent)).toContain(`For Y8 · class ${CLASS_NAME}.`);
        expect(await axeViolations(again.popup)).toEqual([]);

        const ended = await pressAndAwaitOutcome(again.popup, `[data-testid="lesson-end-${row!.id}"]`, 'lesson-end-outcome');
        expect(ended).toMatchObject({ kind: 'ok', text: expect.stringContaining('Ended: maths-lesson.example.') });
        await expectFocusOn(again.popup, 'lesson-end-outcome');
        expect(await again.popup.$(`[data-testid="lesson-active-item"][data-id="${row!.id}"]`)).toBeNull();

        const [stored] = overrides();
        expect(stored).toMatchObject({ id: row!.id, ended_by: TEACHER });
        expect(stored!.ended_at).not.toBeNull();
      } finally {
        await again.popup.close();
        await again.page.close();
      }
    });
  });
});

describe('a pupil', () => {
  it('sees no panel at all, and the worker refuses a pupil who asks it directly, whatever token the policy holds', async () => {
    // The staff token stays in this pupil policy on purpose: the worker must decide on the role, not the token.
    await changePolicy(session, { ...staffPolicy(), role: 'pupil', yearGroup: 'Y8' }, (s) => s.profile?.role === 'pupil', 'the pupil profile');
    const { page } = await session.navigate(LESSON_SITE);
    const tabId = await tabIdOf(session, page.url());
    const popup = await openPopup(session, tabId);
    try {
      const panel = await popup.evaluate((id: number) => chrome.runtime.sendMessage({ type: 'lesson/panel', tabId: id }), tabId);
      expect(panel as LessonPanelView).toEqual({ available: false, why: 'not-staff' });
      // The popup asked the same before that answer came: by now it has had its own.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await popup.$('[data-testid="lesson-panel"]')).toBeNull();
      expect(await popup.evaluate(() => document.body.textContent)).not.toContain('Allow for this lesson');

      const before = overrides().length;
      const create = await popup.evaluate(() =>
        chrome.runtime.sendMessage({
          type: 'lesson/create',
          domains: ['games.example'],
          audience: { yearGroups: ['Y8'], classes: [], pupils: [] },
          minutes: 50,
          reason: 'I am definitely a teacher',
        }),
      );
      expect(create as LessonCreateReply).toEqual({ ok: false, error: 'Only staff can open or end lesson allowlists.', issues: [] });
      expect(overrides()).toHaveLength(before);
    } finally {
      await popup.close();
      await page.close();
    }
  });
});
