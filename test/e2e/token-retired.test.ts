/**
 * A token retired by a rotation holds the device's events back; it loses none (issue 21). Real Chromium, the
 * built extension and the real endpoint: the IT Lead rotates the pupils' token from the dashboard with no grace
 * period, so the device's next upload is refused 401 ("retired"). The events wait on the device, backing off as
 * in an outage, never set aside (before, they were quarantined and nothing sent them again); when the OU's
 * policy carries the new token the device sends them at once, each stored once. (Reports refused so are kept
 * and sent again on the next policy change: test/e2e/reports.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS_API } from '../../server/src/dashboard-api/tokens';
import { signIn } from '../server/harness/dashboard';
import { changePolicy, type E2eEndpoint, type ExtensionSession, IT_LEAD, launchWithExtension, queuedEvents, startEndpoint, until, uploadNow, waitForWorkerState } from './harness';
import { drainQueue } from './harness/drain-queue';

const BASE_POLICY = { schoolName: 'Harness Academy', role: 'pupil', yearGroup: 'Y7', logging: { detail: 'full' } };

describe('a device whose token was retired', () => {
  let endpoint: E2eEndpoint;
  let session: ExtensionSession;

  beforeAll(async () => {
    endpoint = await startEndpoint();
    session = await launchWithExtension({ policy: { extension: { ...BASE_POLICY, endpoint: endpoint.policyValue() } } });
    await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y7' && s.dynamicRuleCount > 0, { what: 'the Y7 profile' });
    await drainQueue(session);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await endpoint?.close();
  });

  it('keeps its events queued while refused, and delivers them once when the policy carries the new token', async () => {
    const server = endpoint.server!;
    const itLead = await signIn(server, IT_LEAD);
    const rotation = await itLead.post(`${TOKENS_API}/rotate`, { label: 'pupils', graceDays: 0 });
    expect(rotation.status, await rotation.clone().text()).toBe(200);
    const { token: newToken } = (await rotation.json()) as { token: string };

    const url = (await session.navigate('https://pages.example/while-retired')).url;
    await until('the navigation queued', async () => ((await queuedEvents(session, 'navigation')).some((event) => event.url === url) ? true : undefined));
    const ids = (await queuedEvents(session)).map((event) => String(event.id));

    const refused = await uploadNow(session);
    expect(refused).toMatchObject({ delivered: 0, quarantined: 0, stoppedBy: 'failure' });
    expect((await queuedEvents(session)).map((event) => String(event.id))).toEqual(expect.arrayContaining(ids));
    const backoff = await session.evaluateInWorker(async () => (await chrome.storage.local.get('uploadBackoff')).uploadBackoff as { lastError?: string });
    expect(backoff.lastError).toMatch(/HTTP 401.*this token was retired/);
    expect(endpoint.storedEvents().filter((event) => ids.includes(event.id))).toEqual([]);

    // The IT admin pastes the new token into the OU's policy; no nudge from the test after that.
    await changePolicy(session, { ...BASE_POLICY, endpoint: { url: endpoint.policyValue().url, token: newToken } }, () => true, 'the policy with the new token');
    await until('the held events delivered', async () => ((await queuedEvents(session)).length === 0 ? true : undefined), 30_000);
    const stored = endpoint.storedEvents().map((event) => event.id);
    for (const id of ids) expect(stored.filter((storedId) => storedId === id), id).toHaveLength(1);
  }, 120_000);
});
