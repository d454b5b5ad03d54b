/**
 * Issue 20 end to end: a Year 7 pupil's real Chromium with an extension whose lists and classifier
 * are built from the real lists (scripts/import/real-lists.ts), the real school endpoint on
 * loopback. The hosts are picked here from the built files, not from anyone's terminal: an adult
 * host no list of the build names and the model scores at or above its block threshold, and a
 * benign one it scores below every warn threshold.
 *
 * An unlisted adult-looking host is stopped with "Looks like: ...", the benign host is not, the
 * block event with its score reaches the endpoint, repeats stop in the network stack, a host in the
 * band below the block threshold gets the warn page (and Continue past it works), staff are not
 * classified unless the policy asks, and the IT Lead adding the host to the school's
 * block list (the dashboard's school-lists API) blocks it on the device without an extension
 * update. Also: no never-block or education site reaches a threshold of the real-lists model, and
 * how often a first classified visit painted before the stop (a page beacons after its first frame).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realLists, requireRealLists } from '../../scripts/import/real-lists';
import { signIn } from '../server/harness/dashboard';
import {
  type BuiltModel,
  buildExtensionWithRulesArgs,
  type E2eEndpoint,
  type ExtensionSession,
  IT_LEAD,
  launchWithExtension,
  readBuiltModel,
  reloadPolicies,
  signInForTest,
  startEndpoint,
  waitForWorkerState,
  writePolicy,
} from './harness';

const PUPIL = 'seven@school.example';
const ROOT = join(import.meta.dirname, '..', '..');
/** Candidate names: the words are a guess; which of them qualify is decided from the built model and lists. */
const ADULT_WORDS = ['xxx', 'porn', 'sex', 'nude', 'milf', 'hentai', 'camgirl', 'erotic', 'fetish', 'nsfw'];
const ADULT_ENDINGS = ['tubez', 'vidzhub', 'clipsnow', 'flixia', 'zone247', 'galore', 'hdcams', 'paradise', 'stream', 'mania'];
/** Softer names, for a host in the band between the adult warn and block thresholds. */
const SOFTER_WORDS = ['hot', 'babe', 'flirt', 'kiss', 'lingerie', 'bikini'];
const SOFTER_ENDINGS = ['tubez', 'flixia', 'zone247', 'paradise', 'gallery', 'pics', 'world'];
const BENIGN = ['riverside-primary-homework.org.uk', 'maple-lane-library.org', 'greenfield-science-club.org.uk', 'oakwood-netball.co.uk'];
const PAINT_BEACON = '/painted-after-first-frame';

let extensionDir: string;
let built: BuiltModel;
let endpoint: E2eEndpoint;
let pupil: ExtensionSession;
let adultHosts: string[];
let benignHost: string;
let warnBandHost: string;
/** Never-block and education hosts the model alone scores at or above a warn threshold (found by the test). */
let warnedReferenceHosts: string[] = [];

function listHosts(file: string): string[] {
  return readFileSync(join(ROOT, 'rules', 'lists', file), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().split('/')[0]!)
    .filter((host) => host.includes('.'));
}

function qualifiesAsAdult(host: string): boolean {
  if (built.listed(host)) return false;
  const adult = built.judge(host, 'adult');
  return adult.blockAt <= 1 && adult.score >= adult.blockAt;
}

/** Unlisted, adult between its warn and block thresholds, no other category at its warn threshold. */
function qualifiesAsAdultWarning(host: string): boolean {
  if (built.listed(host)) return false;
  const adult = built.judge(host, 'adult');
  const others = built.model.categories.filter((c) => c.category !== 'adult').every((c) => c.warnAt > 1 || built.judge(host, c.category).score < c.warnAt);
  return others && adult.warnAt <= 1 && adult.score >= adult.warnAt && adult.score < adult.blockAt;
}

/** No acting category reaches its warn threshold. */
function qualifiesAsBenign(host: string): boolean {
  return !built.listed(host) && built.model.categories.every((c) => c.warnAt > 1 || built.judge(host, c.category).score < c.warnAt);
}

/** Where a fresh tab ends up for `url`: our stop page (with its reason and mark) within `settleMs`, or the site. */
async function visit(url: string, settleMs = 5_000): Promise<{ where: 'block' | 'warn' | 'site'; params: URLSearchParams | null; page: Page }> {
  const { page } = await pupil.navigate(url);
  const ours = pupil.extensionUrl('src/pages/');
  const deadline = Date.now() + settleMs;
  while (Date.now() < deadline) {
    const current = page.url();
    if (current.startsWith(ours)) {
      await page.waitForSelector('[data-ready="true"]', { timeout: 10_000 });
      return { where: current.includes('blocked.html') ? 'block' : 'warn', params: new URL(current).searchParams, page };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { where: 'site', params: null, page };
}

async function uploadNow(): Promise<void> {
  await pupil.evaluateInWorker(() => (globalThis as unknown as { schoolFilter: { uploadNow(): Promise<unknown> } }).schoolFilter.uploadNow());
}

beforeAll(async () => {
  requireRealLists();
  extensionDir = buildExtensionWithRulesArgs('classifier-real-lists', (await realLists()).buildArgs);
  built = readBuiltModel(extensionDir);
  adultHosts = ADULT_WORDS.flatMap((word) => ADULT_ENDINGS.map((ending) => `${word}${ending}.com`)).filter(qualifiesAsAdult);
  benignHost = BENIGN.find(qualifiesAsBenign) ?? '';
  warnBandHost = SOFTER_WORDS.flatMap((word) => SOFTER_ENDINGS.map((ending) => `${word}${ending}.com`)).find(qualifiesAsAdultWarning) ?? '';
  endpoint = await startEndpoint({ config: { rulesDir: join(extensionDir, 'rules', 'build') } });
  pupil = await launchWithExtension({
    extensionDir,
    policy: { extension: { role: 'pupil', yearGroup: 'Y7', endpoint: endpoint.policyValue('device'), lessonAllowlists: { refreshMinutes: 0.5 } } },
  });
  pupil.fixture.route((request) =>
    request.path === PAINT_BEACON
      ? { body: 'ok' }
      : {
          body: `<!doctype html><html lang="en"><head><title>fixture ${request.host}</title></head><body><p>fixture</p><script>requestAnimationFrame(() => requestAnimationFrame(() => fetch('${PAINT_BEACON}')));</script></body></html>`,
        },
  );
  await signInForTest(pupil, PUPIL);
  await waitForWorkerState(pupil, (s) => s.profile?.yearGroup === 'Y7' && s.enabledRulesets.includes('adult_block'), { what: 'the Year 7 profile on the real lists', timeoutMs: 60_000 });
}, 600_000);

afterAll(async () => {
  await pupil?.close();
  await endpoint?.close();
});

describe('the real-lists model', () => {
  it('has unlisted adult-looking hosts to test with, and an unlisted benign one', () => {
    expect(adultHosts.length, 'candidate hosts the model scores as adult and no list names').toBeGreaterThanOrEqual(43);
    expect(benignHost).not.toBe('');
    expect(warnBandHost, 'a host between the adult warn and block thresholds').not.toBe('');
  });

  it('blocks no never-block or education site; the few it would warn on are all on the never-block list, which the classifier never overrules', () => {
    const hosts = [...new Set(['never-block.txt', 'education.txt'].flatMap((file) => listHosts(file)))];
    expect(hosts.length).toBeGreaterThan(100);
    const blocked = hosts.filter((host) => built.model.categories.some((c) => c.blockAt <= 1 && built.judge(host, c.category).score >= c.blockAt));
    expect(blocked).toEqual([]);
    warnedReferenceHosts = hosts.filter((host) => built.model.categories.some((c) => c.warnAt <= 1 && built.judge(host, c.category).score >= c.warnAt));
    console.log(`classifier: the model alone would warn on ${warnedReferenceHosts.length} of ${hosts.length} never-block and education hosts: ${warnedReferenceHosts.join(', ')}`);
    expect(warnedReferenceHosts.filter((host) => !built.neverBlock(host))).toEqual([]);
  });
});

describe('a Year 7 pupil', () => {
  it('is stopped at an unlisted adult-looking host, told it "looks like" adult content, and the event with its score reaches the endpoint', async () => {
    const host = adultHosts[0]!;
    const { where, params, page } = await visit(`https://${host}/`);
    expect(where).toBe('block');
    expect(params?.get('category')).toBe('adult');
    expect(params?.get('classified')).toBe('1');
    expect(await page.$eval('[data-testid="blocked-because"]', (el) => el.textContent)).toMatch(/^Looks like: adult or sexual content\./);
    expect(await page.$eval('[data-testid="report-wrong"]', (el) => el.textContent)).toBe('I think this is wrong');
    await page.close();

    await uploadNow();
    await expect.poll(() => endpoint.storedEvents().find((e) => e.type === 'block' && e.event.host === host)?.event, { timeout: 30_000, interval: 250 }).toBeDefined();
    const event = endpoint.storedEvents().find((e) => e.type === 'block' && e.event.host === host)!.event as { category: string; classifier?: { score: number } };
    expect(event.category).toBe('adult');
    expect(event.classifier?.score).toBeCloseTo(built.judge(host, 'adult').score, 2);
  }, 60_000);

  it('a repeat visit is stopped by the session rule in the network stack: the site is never asked again', async () => {
    const host = adultHosts[0]!;
    const before = pupil.fixture.requestsTo(host).length;
    const rules = await pupil.evaluateInWorker(async () => (await chrome.declarativeNetRequest.getSessionRules()).map((r) => r.condition.requestDomains ?? []));
    expect(rules.flat()).toContain(host);
    const { where, page } = await visit(`https://${host}/again`);
    await page.close();
    expect(where).toBe('block');
    expect(pupil.fixture.requestsTo(host).length).toBe(before);
  }, 30_000);

  it('is not stopped at an unlisted benign host', async () => {
    const { where, page } = await visit(`https://${benignHost}/`, 3_000);
    await page.close();
    expect(where).toBe('site');
    expect(pupil.fixture.requestsTo(benignHost).some((r) => r.path === PAINT_BEACON)).toBe(true);
  }, 30_000);

  it('is warned at a host between the adult warn and block thresholds, and may continue past the guess', async () => {
    const { where, params, page } = await visit(`https://${warnBandHost}/`);
    expect(where).toBe('warn');
    expect(params?.get('category')).toBe('adult');
    expect(params?.get('classified')).toBe('1');
    expect(await page.$eval('[data-testid="warn-rule"]', (el) => el.textContent)).toMatch(/^Looks like: adult or sexual content\./);
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('[data-testid="warn-continue"]')]);
    expect(new URL(page.url()).hostname).toBe(warnBandHost);
    await page.close();
    await uploadNow();
    await expect
      .poll(() => endpoint.storedEvents().find((e) => e.type === 'warn' && e.event.host === warnBandHost)?.event.classifier, { timeout: 30_000, interval: 250 })
      .toEqual({ score: expect.closeTo(built.judge(warnBandHost, 'adult').score, 2) });
    expect(endpoint.storedEvents().some((e) => e.type === 'warn-decision' && e.event.host === warnBandHost && e.event.decision === 'continue' && e.event.refused === undefined)).toBe(true);
  }, 60_000);

  it('opens the never-block sites the model alone would warn on: the list, not the model, decides', async () => {
    for (const host of warnedReferenceHosts) {
      const { where, page } = await visit(`https://${host}/`, 2_000);
      await page.close();
      expect(where, host).toBe('site');
    }
  }, 60_000);

  it("the IT Lead adds the host to the school's block list: the device blocks it as the school's list, no extension update", async () => {
    const host = adultHosts[0]!;
    const client = await signIn(endpoint.server!, IT_LEAD);
    expect((await client.post('/school-lists', { action: 'block', targets: [host], audience: { scope: 'pupils' }, reason: 'Confirmed: the classifier was right' })).status).toBe(201);
    await pupil.evaluateInWorker(() => (globalThis as unknown as { schoolFilter: { syncSchoolLists(fetch: boolean): Promise<unknown> } }).schoolFilter.syncSchoolLists(true));
    const { where, params, page } = await visit(`https://${host}/confirmed`);
    await page.close();
    expect(where).toBe('block');
    expect(params?.get('category')).toBe('school-list');
    expect(params?.get('classified')).toBeNull();
  }, 60_000);
});

describe('how often a first classified visit painted before the stop', () => {
  it('measured over thirty more qualifying hosts, each visited once', async () => {
    const measured = adultHosts.slice(13, 43);
    let stopped = 0;
    let painted = 0;
    for (const host of measured) {
      const { where, page } = await visit(`https://${host}/`);
      await page.close();
      if (where === 'block') stopped++;
      if (pupil.fixture.requestsTo(host).some((r) => r.path === PAINT_BEACON)) painted++;
    }
    console.log(`classifier: ${painted} of ${measured.length} first visits painted before the stop (${stopped} stopped)`);
    expect(stopped).toBe(measured.length);
    expect(measured.length).toBe(30);
  }, 180_000);
});

describe('staff', () => {
  async function setPolicy(policy: Record<string, unknown>, until: (classifier: Record<string, string>) => boolean): Promise<void> {
    writePolicy(pupil.extensionId, { extension: { ...policy, endpoint: endpoint.policyValue('device') } });
    await reloadPolicies(pupil.browser);
    await waitForWorkerState(pupil, (s) => s.profile?.role === 'staff' && until(s.profile.classifier), { what: 'the staff policy', timeoutMs: 30_000 });
  }

  it('are not classified unless the policy asks; when it asks, they are', async () => {
    const [unasked, asked] = adultHosts.slice(11, 13);
    expect(asked).toBeDefined();
    await setPolicy({ role: 'staff' }, (c) => c.adult === 'off');
    const first = await visit(`https://${unasked}/`, 3_000);
    await first.page.close();
    expect(first.where).toBe('site');

    await setPolicy({ role: 'staff', classifier: { adult: 'block' } }, (c) => c.adult === 'block');
    const second = await visit(`https://${asked}/`);
    await second.page.close();
    expect({ where: second.where, category: second.params?.get('category'), classified: second.params?.get('classified') }).toEqual({ where: 'block', category: 'adult', classified: '1' });
  }, 90_000);
});

