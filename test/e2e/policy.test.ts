/**
 * Managed policy in real Chromium with real policy files: what the Admin
 * console pushes reaches the worker, becomes a profile, and changes which
 * rulesets Chrome enforces.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ExtensionSession, landing, launchWithExtension, queuedEvents, reloadPolicies, waitForWorkerState, writePolicy } from './harness';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function statusPageText(s: ExtensionSession): Promise<{ problems: string; yearGroup: string; role: string; social: string }> {
  const { page } = await s.navigate(s.extensionUrl('src/pages/status.html'));
  await page.waitForSelector('[data-testid="category-table"]');
  const read = (selector: string) => page.$eval(selector, (el) => el.textContent ?? '').catch(() => '');
  const result = {
    problems: await read('[data-testid="policy-problems"]'),
    yearGroup: await read('[data-testid="year-group"]'),
    role: await read('[data-testid="role"]'),
    social: await read('tr[data-category="social"] td'),
  };
  await page.close();
  return result;
}

describe('managed policy in real Chromium', () => {
  it('a Y7 pupil policy: social and AI warned, games blocked, adult blocked', async () => {
    session = await launchWithExtension({ policy: { extension: { schoolName: 'Test Academy', role: 'pupil', yearGroup: 'Y7' } } });
    const state = await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y7', { what: 'the Y7 profile' });
    expect(state.problems).toEqual([]);
    expect(state.enabledRulesets).toEqual(expect.arrayContaining(['social_warn', 'ai_warn', 'games_block', 'adult_block']));
    expect(state.enabledRulesets).not.toContain('social_block');

    expect((await landing(session, 'https://www.tiktok.com/@someone')).where).toBe('warn');
    expect((await landing(session, 'https://chatgpt.com/')).where).toBe('warn');
    expect((await landing(session, 'https://www.roblox.com/games')).where).toBe('block');
    expect((await landing(session, 'https://www.pornhub.com/')).where).toBe('block');
    expect((await landing(session, 'https://www.bbc.co.uk/bitesize')).where).toBe('site');
    expect(session.fixture.requestsTo('www.tiktok.com')).toHaveLength(0);

    const page = await statusPageText(session);
    expect(page.yearGroup).toContain('Y7 (KS3, from policy)');
    expect(page.social).toBe('warn');
  });

  it('a staff policy: social, AI and games reachable; harmful categories still blocked', async () => {
    session = await launchWithExtension({ policy: { extension: { role: 'staff' } } });
    await waitForWorkerState(session, (s) => s.profile?.role === 'staff', { what: 'the staff profile' });
    expect((await landing(session, 'https://www.tiktok.com/')).where).toBe('site');
    expect((await landing(session, 'https://chatgpt.com/')).where).toBe('site');
    expect((await landing(session, 'https://www.roblox.com/')).where).toBe('site');
    expect((await landing(session, 'https://www.pornhub.com/')).where).toBe('block');
    expect((await landing(session, 'https://www.bet365.com/')).where).toBe('block');
    expect(session.fixture.requestsTo('www.tiktok.com').length).toBeGreaterThan(0);
    expect((await statusPageText(session)).role).toBe('staff');
  });

  it('an invalid policy: the strictest pupil profile applies and each error shows on the status page', async () => {
    session = await launchWithExtension({
      policy: { extension: { role: 'teacher', yearGroup: 'Y14', categoryActions: { KS3: { social: 'alow' } }, blockDomains: ['10.0.0.1'] } },
    });
    const state = await waitForWorkerState(session, (s) => s.problems.length > 0, { what: 'policy problems' });
    expect(state.profile?.strictest).toBe(true);
    expect(state.profile?.role).toBe('pupil');
    expect(Object.values(state.profile!.actions).every((a) => a === 'block')).toBe(true);
    expect(state.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['role', 'yearGroup', 'categoryActions.KS3.social', 'blockDomains[0]']));

    expect((await landing(session, 'https://www.tiktok.com/')).where).toBe('block');
    expect((await landing(session, 'https://chatgpt.com/')).where).toBe('block');
    const page = await statusPageText(session);
    expect(page.problems).toContain('yearGroup');
    expect(page.problems).toContain('strictest pupil profile applied');
    expect(page.problems).toContain('categoryActions.KS3.social');
    expect(page.yearGroup).toContain('strictest');

    // Every problem is also a policy-error event in the on-device queue, with the DfE envelope.
    const events = await queuedEvents(session, 'policy');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 'error', strictest: true, role: 'pupil', yearGroup: null, policyHash: state.policyHash });
    expect((events[0]!.problems as { path: string }[]).map((p) => p.path)).toEqual(state.problems.map((p) => p.path));
    expect(events[0]).toHaveProperty('device');
    expect(events[0]).toHaveProperty('user');
    expect(Date.parse(events[0]!.time as string)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('no policy at all: a pupil device is never left unfiltered', async () => {
    session = await launchWithExtension();
    const state = await waitForWorkerState(session, (s) => s.appliedAt !== null, { what: 'a first policy read' });
    expect(state.profile?.strictest).toBe(true);
    expect((await landing(session, 'https://www.pornhub.com/')).where).toBe('block');
    expect((await landing(session, 'https://www.tiktok.com/')).where).toBe('block');
  });

  it('a policy change is picked up without reinstalling, by Chromium\'s own poll and by an explicit reload', async () => {
    session = await launchWithExtension({ policy: { extension: { role: 'staff' } } });
    await waitForWorkerState(session, (s) => s.profile?.role === 'staff');
    expect((await landing(session, 'https://www.tiktok.com/')).where).toBe('site');

    // 1. Chromium's own poll, as on a real device after an Admin console change.
    writePolicy(session.extensionId, { extension: { role: 'pupil', yearGroup: 'Y7' } });
    const written = Date.now();
    await waitForWorkerState(session, (s) => s.reason === 'policy-changed' && s.profile?.yearGroup === 'Y7', {
      timeoutMs: 40_000,
      what: 'the changed policy by poll',
    });
    const pollDelayMs = Date.now() - written;
    console.log(`policy change delivered by Chromium's poll after ${pollDelayMs} ms`);
    expect((await landing(session, 'https://www.tiktok.com/')).where).toBe('warn');

    // 2. chrome://policy's reload, which tests use to skip the poll.
    writePolicy(session.extensionId, { extension: { role: 'pupil', yearGroup: 'Y3' } });
    const reloaded = Date.now();
    await reloadPolicies(session.browser);
    await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y3', { what: 'the changed policy by reload' });
    console.log(`policy change applied ${Date.now() - reloaded} ms after reloadPolicies`);
    expect((await landing(session, 'https://www.tiktok.com/')).where).toBe('block');

    // One policy event per distinct outcome, not one per worker wake.
    const recorded = await queuedEvents(session, 'policy');
    expect(recorded.map((e) => e.status)).toEqual(['applied', 'applied', 'applied']);
    expect(recorded.map((e) => e.yearGroup)).toEqual([null, 'Y7', 'Y3']);
    await session.stopWorker();
    await waitForWorkerState(session, (s) => s.reason === 'wake' && s.appliedAt !== null);
    const after = await queuedEvents(session, 'policy');
    expect(after).toHaveLength(3);
  });
});
