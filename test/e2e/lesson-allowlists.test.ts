/**
 * Issue 8 end to end: three real Chromium browsers side by side (a teacher,
 * a Y9 pupil and a Y8 pupil), each loading a build with its own key so each
 * reads its own managed policy from the one machine-wide file, against the
 * real school endpoint (SQLite on loopback).
 *
 * The teacher acts through her extension's worker (`lesson/create`,
 * `lesson/end` sent from her extension's own page, as the popup panel does;
 * the panel's form is tested in lesson-teacher.test.ts). Pupils act by
 * browsing: the block page's own fresh check is what lets the Y9 pupil in.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import type { LessonCreateReply } from '../../src/overrides/panel';
import type { YearGroup } from '../../src/policy/year-groups';
import {
  askFromExtensionPage,
  buildKeyedVariant,
  DEVICE_TOKEN,
  type E2eEndpoint,
  type ExtensionSession,
  IT_LEAD,
  launchWithExtension,
  queuedEvents,
  removePolicy,
  signInForTest,
  STAFF_TOKEN,
  startEndpoint,
  startFixtureServer,
  type FixtureServer,
  writePolicies,
} from './harness';

const TEACHER = 'teacher@school.example';
const GAME = 'https://www.crazygames.com/game/level-design';
const SECOND_GAME = 'https://www.coolmathgames.com/0-run';
const THIRD_GAME = 'https://store.epicgames.com/';
/** Social media is warned, not blocked, for Year 9 by default. */
const SOCIAL = 'https://www.instagram.com/explore/';
const ADULT = 'https://www.pornhub.com/';
const ILLEGAL = 'https://www.illegal-feed.example/';
const TEST_SOURCES = join(import.meta.dirname, '..', 'fixtures', 'rules', 'sources.test.json');

let endpoint: E2eEndpoint;
let fixture: FixtureServer;
let teacher: ExtensionSession;
let y9: ExtensionSession;
let y8: ExtensionSession;

type Outcome = 'site' | 'blocked' | 'warned';

/**
 * Browses to `url` in a new tab and reports where the pupil ends up: on the
 * site (straight away, or after the block page's check found it open), or on
 * a block or warn page whose check found nothing.
 */
async function visit(session: ExtensionSession, url: string): Promise<{ outcome: Outcome; page: Page; viaStopPage: boolean }> {
  const { page } = await session.navigate(`${url}${url.includes('?') ? '&' : '?'}probe=${randomUUID()}`);
  const extensionOrigin = `chrome-extension://${session.extensionId}/`;
  let viaStopPage = false;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const current = page.url();
    if (!current.startsWith(extensionOrigin)) {
      if (new URL(current).hostname === new URL(url).hostname) return { outcome: 'site', page, viaStopPage };
    } else {
      viaStopPage = true;
      const check = await page.$eval('[data-lesson-check]', (el) => el.getAttribute('data-lesson-check')).catch(() => null);
      if (check === 'closed') return { outcome: current.includes('warn.html') ? 'warned' : 'blocked', page, viaStopPage };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url}: neither the site nor a settled stop page within 20 s (at ${page.url()})`);
}

async function outcomeOf(session: ExtensionSession, url: string): Promise<Outcome> {
  const { outcome, page } = await visit(session, url);
  await page.close();
  return outcome;
}

function teacherOpens(domains: string[], yearGroups: YearGroup[], reason: string, minutes = 50): Promise<LessonCreateReply> {
  return askFromExtensionPage(teacher, {
    type: 'lesson/create',
    domains,
    audience: { yearGroups, classes: [], pupils: [] },
    minutes,
    reason,
  });
}

/** The refresh alarm's work, on demand (the alarm itself is checked below). */
async function pupilRefreshes(session: ExtensionSession): Promise<void> {
  await session.evaluateInWorker(() => (globalThis as unknown as { schoolFilter: { syncLessons(fetch: boolean): Promise<unknown> } }).schoolFilter.syncLessons(true));
}

function storedOverride(id: string): Record<string, unknown> | undefined {
  return endpoint.rows('SELECT * FROM overrides WHERE id = ?', id)[0];
}

beforeAll(async () => {
  // The endpoint refuses locked categories from the same compiled lists the extension carries.
  const [staffBuild, y9Build, y8Build] = [
    await buildKeyedVariant('lesson-staff', [TEST_SOURCES]),
    await buildKeyedVariant('lesson-y9', [TEST_SOURCES]),
    await buildKeyedVariant('lesson-y8', [TEST_SOURCES]),
  ];
  endpoint = await startEndpoint({ config: { maxOverrideMinutes: 120, rulesDir: join(y9Build.dir, 'rules', 'build') } });
  const pupilPolicy = (yearGroup: string) => ({
    role: 'pupil',
    yearGroup,
    endpoint: endpoint.policyValue('device'),
    logging: { detail: 'full' },
    lessonAllowlists: { refreshMinutes: 0.5 },
  });
  writePolicies({
    [staffBuild.extensionId]: { role: 'staff', endpoint: endpoint.policyValue('staff'), lessonAllowlists: { maxMinutes: 100 } },
    [y9Build.extensionId]: pupilPolicy('Y9'),
    [y8Build.extensionId]: pupilPolicy('Y8'),
  });
  fixture = await startFixtureServer();
  teacher = await launchWithExtension({ extensionDir: staffBuild.dir, fixture });
  y9 = await launchWithExtension({ extensionDir: y9Build.dir, fixture });
  y8 = await launchWithExtension({ extensionDir: y8Build.dir, fixture });
  await signInForTest(teacher, TEACHER);
  await signInForTest(y9, 'nine@school.example');
  await signInForTest(y8, 'eight@school.example');
}, 180_000);

afterAll(async () => {
  await Promise.all([teacher?.close(), y9?.close(), y8?.close()]);
  removePolicy();
  await fixture?.close();
  await endpoint?.close();
});

describe('a teacher opens a blocked site for one lesson', () => {
  let lessonId: string;

  it('the site is blocked for both year groups before the lesson', async () => {
    expect(await outcomeOf(y9, GAME)).toBe('blocked');
    expect(await outcomeOf(y8, GAME)).toBe('blocked');
  });

  it('opened for Y9 with a reason: stored with who, what, why and when', async () => {
    const reply = await teacherOpens(['crazygames.com'], ['Y9'], 'Game design: analysing level design', 50);
    if (!reply.ok) throw new Error(`refused: ${reply.error} ${JSON.stringify(reply.issues)}`);
    lessonId = reply.override.id;
    const row = storedOverride(lessonId)!;
    expect(row).toMatchObject({ created_by: TEACHER, reason: 'Game design: analysing level design', domains: '["crazygames.com"]', year_groups: '["Y9"]', ended_at: null });
    expect(row.token_label).toBeTruthy();
    expect(Date.parse(String(row.ends_at)) - Date.parse(String(row.starts_at))).toBe(50 * 60_000);
  });

  it('the Y9 pupil gets in at once: the block page asks, finds it open, and goes on to the site', async () => {
    const { outcome, viaStopPage, page } = await visit(y9, GAME);
    await page.close();
    expect(outcome).toBe('site');
    // Nothing but the page's own check told the device (the refresh alarm is 30 s away).
    expect(viaStopPage).toBe(true);
    const applied = (await queuedEvents(y9, 'override')).filter((e) => e.overrideId === lessonId);
    expect(applied).toMatchObject([{ status: 'applied', domains: ['crazygames.com'], user: 'nine@school.example', yearGroup: 'Y9' }]);
    // Once applied, later visits go straight in.
    const again = await visit(y9, GAME);
    await again.page.close();
    expect(again).toMatchObject({ outcome: 'site', viaStopPage: false });
  });

  it('the Y8 pupil still does not', async () => {
    expect(await outcomeOf(y8, GAME)).toBe('blocked');
    expect(await y8.evaluateInWorker(async () => (await chrome.declarativeNetRequest.getDynamicRules()).filter((r) => r.id >= 3000 && r.id < 4000).length)).toBe(0);
  });

  it('a warn page asks too: a warned social site opened for the lesson goes straight through', async () => {
    expect(await outcomeOf(y9, SOCIAL)).toBe('warned');
    const reply = await teacherOpens(['instagram.com'], ['Y9'], 'Media studies: how brands use social media', 30);
    expect(reply.ok).toBe(true);
    const { outcome, viaStopPage, page } = await visit(y9, SOCIAL);
    await page.close();
    expect({ outcome, viaStopPage }).toEqual({ outcome: 'site', viaStopPage: true });
  });

  it('pupils ask on a schedule too: the refresh alarm runs at the policy period', async () => {
    const alarm = await y9.evaluateInWorker(() => chrome.alarms.get('lesson-allows:refresh'));
    expect(alarm?.periodInMinutes).toBe(0.5);
  });

  it('"End now" closes it at the endpoint and, at the pupil’s next check, on the device', async () => {
    const reply = await askFromExtensionPage(teacher, { type: 'lesson/end', id: lessonId });
    expect(reply.ok).toBe(true);
    expect(storedOverride(lessonId)).toMatchObject({ ended_by: TEACHER });
    await pupilRefreshes(y9);
    expect(await outcomeOf(y9, GAME)).toBe('blocked');
    const ended = (await queuedEvents(y9, 'override')).filter((e) => e.overrideId === lessonId && e.status === 'ended');
    expect(ended).toHaveLength(1);
  });
});

describe('expiry', () => {
  it('ends by itself on the pupil device even with the endpoint down and the worker stopped', async () => {
    const startsAt = new Date();
    const endsAt = new Date(startsAt.getTime() + 20_000);
    const id = randomUUID();
    // A short lesson, made by the teacher's device's own request (the panel offers whole lessons only).
    const response = await fetch(`${endpoint.url}${API_PATHS.overrides}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${STAFF_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id, createdBy: TEACHER, domains: ['coolmathgames.com'], audience: { yearGroups: ['Y9'], classes: [], pupils: [] }, reason: 'Maths starter, 20 seconds', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() }),
    });
    expect(response.status).toBe(201);
    expect(await outcomeOf(y9, SECOND_GAME)).toBe('site');

    await endpoint.stop();
    await y9.stopWorker();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, endsAt.getTime() - Date.now()) + 500));
    // The expiry alarm (or the wake a navigation causes) drops it; no endpoint is asked.
    let outcome: Outcome = 'site';
    for (let tries = 0; tries < 40 && outcome === 'site'; tries++) {
      outcome = await outcomeOf(y9, SECOND_GAME);
      if (outcome === 'site') await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(outcome).toBe('blocked');
    const expired = (await queuedEvents(y9, 'override')).filter((e) => e.overrideId === id);
    expect(expired.map((e) => e.status)).toEqual(['applied', 'expired']);
    await endpoint.restart();
  }, 120_000);
});

describe('locked categories and who may open', () => {
  it('the endpoint refuses an adult or illegal domain and stores nothing', async () => {
    for (const domain of ['pornhub.com', 'illegal-feed.example']) {
      const id = randomUUID();
      const now = Date.now();
      const response = await fetch(`${endpoint.url}${API_PATHS.overrides}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${STAFF_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ id, createdBy: TEACHER, domains: [domain], audience: { yearGroups: ['Y9'], classes: [], pupils: [] }, reason: 'Should never be allowed', startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3_600_000).toISOString() }),
      });
      expect(response.status, domain).toBe(422);
      expect(JSON.stringify(await response.json())).toMatch(/adult|illegal/);
      expect(storedOverride(id)).toBeUndefined();
    }
  });

  it('the teacher’s extension refuses them before asking', async () => {
    const before = endpoint.rows('SELECT id FROM overrides').length;
    const reply = await teacherOpens(['pornhub.com'], ['Y9'], 'Should never be allowed');
    expect(reply.ok).toBe(false);
    expect(endpoint.rows('SELECT id FROM overrides').length).toBe(before);
  });

  it('a pupil’s extension ignores a locked domain even if an endpoint hands one out', async () => {
    // As a tampered or older endpoint would: written straight into its database, past its checks.
    const now = Date.now();
    await endpoint.server!.store.overrides.create(
      {
        id: randomUUID(),
        createdBy: TEACHER,
        domains: ['pornhub.com', 'illegal-feed.example', 'epicgames.com'],
        audience: { yearGroups: ['Y9'], classes: [], pupils: [] },
        reason: 'Tampered',
        startsAt: new Date(now - 1000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      },
      { receivedAt: new Date(now), tokenLabel: 'tampered', tokenScope: 'staff', clientIp: '127.0.0.1' },
    );
    await pupilRefreshes(y9);
    expect(await outcomeOf(y9, THIRD_GAME)).toBe('site');
    expect(await outcomeOf(y9, ADULT)).toBe('blocked');
    expect(await outcomeOf(y9, ILLEGAL)).toBe('blocked');
  });

  it('a pupil token cannot create allowlists, nor can a pupil’s extension', async () => {
    const id = randomUUID();
    const now = Date.now();
    const response = await fetch(`${endpoint.url}${API_PATHS.overrides}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${DEVICE_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id, createdBy: 'nine@school.example', domains: ['crazygames.com'], audience: { yearGroups: ['Y9'], classes: [], pupils: [] }, reason: 'Let me play', startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3_600_000).toISOString() }),
    });
    expect(response.status).toBe(403);
    expect(storedOverride(id)).toBeUndefined();
    const reply = await askFromExtensionPage(y9, { type: 'lesson/create', domains: ['crazygames.com'], audience: { yearGroups: ['Y9'], classes: [], pupils: [] }, minutes: 50, reason: 'Let me play' });
    expect(reply.ok).toBe(false);
  });
});

describe('the IT Lead’s audit', () => {
  it('shows who opened what, for whom, why, when, and who ended it', async () => {
    const context = await teacher.browser.createBrowserContext();
    try {
      const dashboard = await context.newPage();
      const seen: string[] = [];
      dashboard.on('response', (response) => seen.push(`${response.status()} ${new URL(response.url()).pathname}`));
      const explain = async (error: unknown): Promise<never> => {
        const text = await dashboard.evaluate(() => document.body.innerText).catch(() => '(unreadable)');
        throw new Error(`${String(error)}; the dashboard showed: ${text.slice(0, 300)}; responses: ${seen.join(', ')}`);
      };
      await dashboard.goto(`${endpoint.url}/dashboard/`);
      await dashboard.waitForSelector('[data-testid="login-form"]');
      await dashboard.type('input[name="username"]', IT_LEAD.username);
      await dashboard.type('input[name="password"]', IT_LEAD.password);
      await Promise.all([dashboard.waitForNavigation(), dashboard.click('button[type="submit"]')]);
      // Signed in once the header names the user; then to the audit by its link, as the IT Lead would.
      await dashboard.waitForSelector('[data-testid="signed-in-as"]', { timeout: 20_000 }).catch(explain);
      await dashboard.click('a[href="#allowlists"]');
      await dashboard.waitForSelector('[data-testid="allowlists"]', { timeout: 20_000 }).catch(explain);
      const rows = await dashboard.$$eval('[data-testid="allowlists"] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
      const lesson = rows.find((text) => text.includes('Game design: analysing level design'));
      expect(lesson).toBeDefined();
      expect(lesson).toContain(TEACHER);
      expect(lesson).toContain('crazygames.com');
      expect(lesson).toContain('Y9');
      expect(lesson).toMatch(/ended/i);
      expect(lesson!.split(TEACHER).length - 1).toBeGreaterThanOrEqual(2); // opened by, and ended by
    } finally {
      await context.close();
    }
  });
});

