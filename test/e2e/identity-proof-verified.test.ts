/**
 * Verified staff actions and pupils' records end to end (issue 21): real Chromium with the built extension,
 * the loopback stand-in issuer, and the real endpoint trusting that issuer (`identityProof`, proofs
 * required of staff and pupils). A teacher opens an allowlist from the panel and the endpoint's record names the
 * account the proof verified; when the device holds no proof and cannot get one silently, the endpoint's
 * 401 makes the teacher's click ask the issuer afresh (its page may show) and the allowlist opens on the
 * one retry; when the issuer refuses even then, the panel says the account could not be confirmed and
 * nothing is stored. A pupil's events are stored verified.
 *
 * What the device sends (and that it is the issuer's token) is identity-proof-sent.test.ts.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigFile } from '../../server/src/config/schema';
import type { StandInProvider } from '../server/harness/oidc-provider';
import {
  changePolicy,
  type E2eEndpoint,
  type ExtensionSession,
  openPopup,
  queuedEvents,
  signInForTest,
  tabIdOf,
  until,
  uploadNow,
} from './harness';
import { DEVICE_CLIENT, identityProofPolicy, type ProofRig, startProofRig } from './harness/device-issuer';
import type { HoldingProxy } from './harness/holding-proxy';
import { lessonPopup, openLessonForm, pressAndAwaitOutcome } from './harness/lesson-panel';
import { drainQueue } from './harness/drain-queue';

const TEACHER = 'teacher@school.example';
const PUPIL = 'ada@school.example';
const LESSON_SITE = 'https://www.maths-lesson.example/graphs';

interface OverrideRow {
  id: string;
  created_by: string;
  created_by_verified: number;
  reason: string;
}

let provider: StandInProvider;
let endpoint: E2eEndpoint;
let proxy: HoldingProxy;
let session: ExtensionSession;

const overrides = () => endpoint.rows<OverrideRow>('SELECT id, created_by, created_by_verified, reason FROM overrides ORDER BY starts_at');
const identityProof = () => identityProofPolicy(provider);
const authorizations = () => provider.hits['/o/oauth2/v2/auth'] ?? 0;

/** Opens the lesson site for Y8 from the panel, as a teacher would; the panel's outcome, and its list of open allowlists as it first showed. */
async function openFromPanel(reason: string): Promise<{ kind: string; text: string; listed: string }> {
  const { popup, page } = await lessonPopup(session, LESSON_SITE);
  try {
    const listed = await popup.$eval('[data-testid="lesson-active"]', (el) => el.textContent ?? '');
    await openLessonForm(popup);
    await popup.focus('[data-testid="lesson-year-Y8"]');
    await popup.keyboard.press('Space');
    await typeReason(popup, reason);
    return { ...(await pressAndAwaitOutcome(popup, '[data-testid="lesson-submit"]')), listed };
  } finally {
    await popup.close();
    await page.close();
  }
}

async function typeReason(popup: Page, reason: string): Promise<void> {
  await popup.focus('[data-testid="lesson-reason"]');
  await popup.keyboard.type(reason);
}

/** The held proof gone, as after the browser restarts: the next request must ask the issuer. */
async function forgetHeldProof(): Promise<void> {
  await session.evaluateInWorker(() => chrome.storage.session.remove('identityProof'));
  await session.stopWorker();
}


let rig: ProofRig;

beforeAll(async () => {
  rig = await startProofRig(TEACHER, {
    endpoint: (issuer) => ({
      config: { identityProof: { clientIds: [DEVICE_CLIENT], domains: ['school.example'], issuer: issuer.issuer, require: { staff: true, pupils: true } } } as Partial<ConfigFile>,
    }),
    policy: { lessonAllowlists: { maxMinutes: 60 } },
  });
  ({ provider, endpoint, proxy, session } = rig);
}, 120_000);

afterAll(async () => rig?.close());

describe('a teacher’s allowlist, with proofs required for staff', () => {
  it('is stored with the account the proof verified', async () => {
    const { kind } = await openFromPanel('Graphing lesson for 8B');
    expect(kind).toBe('ok');
    expect(overrides()).toEqual([expect.objectContaining({ created_by: TEACHER, created_by_verified: 1, reason: 'Graphing lesson for 8B' })]);
  });

  it('is ended from the panel with the account the proof verified', async () => {
    const [row] = overrides();
    const { popup, page } = await lessonPopup(session, LESSON_SITE);
    try {
      await popup.waitForSelector(`[data-testid="lesson-active-item"][data-id="${row!.id}"]`);
      const { kind } = await pressAndAwaitOutcome(popup, `[data-testid="lesson-end-${row!.id}"]`, 'lesson-end-outcome');
      expect(kind).toBe('ok');
    } finally {
      await popup.close();
      await page.close();
    }
    expect(endpoint.rows('SELECT ended_by, ended_by_verified FROM overrides WHERE id = ?', row!.id)).toEqual([{ ended_by: TEACHER, ended_by_verified: 1 }]);
  });

  it('opens on one retry with a fresh proof when the device had none and could not get one silently', async () => {
    await forgetHeldProof();
    provider.silentSignIn = false;
    try {
      const sent = proxy.exchanges.length;
      const asked = authorizations();
      const { kind, listed } = await openFromPanel('Second lesson');
      // The list loads without a click, so it asks for no fresh proof, and says why it is missing.
      expect(listed).toContain('Your open allowlists could not be loaded: your school account could not be confirmed: ');
      expect(kind).toBe('ok');
      const creates = proxy.exchanges.slice(sent).filter((exchange) => exchange.method === 'POST' && exchange.path === '/v1/overrides');
      // Without a proof the endpoint refused; the click then asked the issuer (its page allowed) and sent once more.
      expect(creates.map((exchange) => [exchange.status, exchange.proof !== null])).toEqual([
        [401, false],
        [201, true],
      ]);
      expect(JSON.parse(creates[0]!.reply)).toMatchObject({ problem: 'missing' });
      expect(authorizations() - asked).toBeGreaterThanOrEqual(2);
      expect(overrides().at(-1)).toMatchObject({ created_by: TEACHER, created_by_verified: 1, reason: 'Second lesson' });
    } finally {
      provider.silentSignIn = true;
    }
  });

  it('is refused with the reason on the panel when the issuer will not confirm the account, and nothing is stored', async () => {
    await forgetHeldProof();
    provider.authorizeError = 'access_denied';
    try {
      const before = overrides().length;
      const { kind, text } = await openFromPanel('Third lesson');
      expect(kind).toBe('refused');
      expect(text).toContain('Your school account could not be confirmed: the issuer answered access_denied, so nothing was opened.');
      expect(overrides()).toHaveLength(before);
    } finally {
      provider.authorizeError = null;
    }
  });
});

describe('a pupil’s events and reports', () => {
  it('are stored verified', async () => {
    await changePolicy(session, { role: 'pupil', yearGroup: 'Y8', endpoint: { ...endpoint.policyValue('device'), url: proxy.url }, logging: { detail: 'full' }, identityProof: identityProof() }, (s) => s.profile?.role === 'pupil', 'the pupil profile');
    // The teacher's events go first (held back while the issuer refused above, they go once it signs the
    // teacher in again, after the uploader's backoff), so the pupil's batch holds the pupil's alone.
    await drainQueue(session, 90_000);
    await signInForTest(session, PUPIL);
    const tab = await session.browser.newPage();
    await tab.goto('https://pages.example/homework/verified', { waitUntil: 'domcontentloaded' });
    await tab.close();
    const rows = await until('the navigation stored', async () => {
      await uploadNow(session);
      const stored = endpoint.rows<{ verified: number }>("SELECT verified FROM events WHERE type = 'navigation' AND body LIKE ?", '%homework/verified%');
      return stored.length > 0 ? stored : undefined;
    });
    expect(rows).toEqual([{ verified: 1 }]);
  }, 150_000);

  it('and a pupil’s report is stored verified', async () => {
    const { page } = await session.navigate('https://pages.example/something-upsetting');
    const popup = await openPopup(session, await tabIdOf(session, page.url()));
    try {
      await popup.click('[data-testid="report-send"]');
      const stored = await until('the report stored', () => {
        const rows = endpoint.rows<{ user: string; verified: number }>('SELECT user, verified FROM reports');
        return rows.length > 0 ? rows : undefined;
      });
      expect(stored).toEqual([{ user: PUPIL, verified: 1 }]);
    } finally {
      await popup.close();
      await page.close();
    }
  });

  it('wait on the device, not set aside, while no proof can be had, and go up verified once one can', async () => {
    await drainQueue(session);
    await forgetHeldProof();
    provider.silentSignIn = false;
    const sent = proxy.exchanges.length;
    try {
      const tab = await session.browser.newPage();
      await tab.goto('https://pages.example/homework/waits', { waitUntil: 'domcontentloaded' });
      await tab.close();
      const refused = await until('the endpoint refusing the batch', async () => {
        await uploadNow(session);
        return proxy.exchanges.slice(sent).find((exchange) => exchange.path === '/v1/events' && exchange.status !== 200);
      });
      expect([refused.status, refused.proof, JSON.parse(refused.reply).problem]).toEqual([401, null, 'missing']);
      // Still queued, not set aside (a set-aside batch is never sent, so the end of this test could not pass).
      expect((await queuedEvents(session)).some((event) => event.url === 'https://pages.example/homework/waits')).toBe(true);
    } finally {
      provider.silentSignIn = true;
    }
    // The issuer signs the pupil in again; a new worker asks it at once (as after a minute, or a restart).
    await session.stopWorker();
    const rows = await until(
      'the waiting navigation stored',
      async () => {
        await uploadNow(session);
        const stored = endpoint.rows<{ verified: number }>("SELECT verified FROM events WHERE type = 'navigation' AND body LIKE ?", '%homework/waits%');
        return stored.length > 0 ? stored : undefined;
      },
      60_000,
    );
    expect(rows).toEqual([{ verified: 1 }]);
  });
});
