/**
 * The lists refresh, end to end: the default list set pinned at an older
 * revision of the loopback mirror (../shared/lists, with one line in sixteen
 * holding a different, `retired-` entry), fetched, built and packaged as a
 * signed CRX; force-installed from a self-hosted update URL; then
 * `npm run lists -- update` moves the pins to the newest revision and prints
 * the per-category diff, the rebuild is packaged as version N+1, and the
 * installed extension updates itself to it: the site the update added is now
 * blocked, the one it removed is not, and the status page names the new pins.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListsMirror, changedInOlder, lockAtRevision, SHARED_LISTS, startListsMirror } from '../harness/lists-mirror';
import { axeViolations, buildListsVariant, DIST_DIR, type ExtensionSession, landing, launchWithExtension, waitForWorkerState } from './harness';
import { packageExtension, startUpdateServer, type UpdateServer, waitForVersion } from './harness/update-server';

const ROOT = join(import.meta.dirname, '..', '..');
const BUILT_VERSION = JSON.parse(readFileSync(join(DIST_DIR, 'manifest.json'), 'utf8')).version as string;
const NEXT_VERSION = BUILT_VERSION.replace(/(\d+)$/, (last) => String(Number(last) + 1));
const LOCK = JSON.parse(readFileSync(join(ROOT, 'rules', 'lists.lock.json'), 'utf8'));

let mirror: ListsMirror;
let out: string;
let lock: string;
let cache: string;
let updates: UpdateServer;
let session: ExtensionSession;
let extensionId: string;

/** `npm run lists [-- ...]` on the test's lock and cache, through the mirror (async: the mirror lives in this process). */
async function lists(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'lists.ts'), ...args, '--lock', lock, '--cache', cache, '--mirror', mirror.url], { cwd: ROOT, encoding: 'utf8' });
  return stdout;
}

/**
 * A gambling site the newer revision adds (its line is one the older one
 * changed), that nothing else in the older gambling lists or the seeds covers;
 * read from the shared files here, not from the code under test.
 */
function gamblingSiteTheUpdateAdds(): string {
  const files = ['shadowwhisperer/Gambling.txt', 'ut1/gambling.domains', 'ut1/arjel.domains'].map((file) => readFileSync(join(SHARED_LISTS, file), 'utf8'));
  const seeds = readFileSync(join(ROOT, 'rules', 'lists', 'gambling.txt'), 'utf8');
  const unchanged = new Set([...files.flatMap((text) => text.split('\n').filter((line) => !changedInOlder(line))), ...seeds.split('\n')].map((line) => line.trim().toLowerCase()));
  const covered = (host: string) => host.split('.').some((_, index, labels) => unchanged.has(labels.slice(index).join('.')));
  const candidate = files[0]!
    .split('\n')
    .map((line) => line.trim().toLowerCase())
    .find((line) => changedInOlder(line) && /^[a-z0-9-]+\.[a-z]{2,}$/.test(line) && !covered(line));
  if (!candidate) throw new Error('no gambling domain that only the newer revision has');
  return candidate;
}

/** The status page's list credits; the page, credits and licence notices included, must pass axe-core. */
async function statusCredits(s: ExtensionSession): Promise<string> {
  const { page } = await s.navigate(s.extensionUrl('src/pages/status.html'));
  await page.waitForSelector('[data-testid="lists-credits"]');
  const text = await page.$eval('[data-testid="lists-credits"]', (el) => (el as HTMLElement).innerText);
  expect(await axeViolations(page)).toEqual([]);
  await page.close();
  return text;
}

const added = gamblingSiteTheUpdateAdds();
const retired = `retired-${added}`;

beforeAll(async () => {
  mirror = await startListsMirror();
  out = mkdtempSync(join(tmpdir(), 'school-filter-lists-update-'));
  lock = join(out, 'lists.lock.json');
  cache = join(out, 'cache');
  writeFileSync(lock, JSON.stringify(lockAtRevision(LOCK, mirror, 'older'), null, 2));
  await lists();
  updates = await startUpdateServer(out);
  const older = buildListsVariant('lists-older', { lock, cache });
  extensionId = packageExtension({ from: older, out, baseUrl: updates.baseUrl, version: BUILT_VERSION });
  session = await launchWithExtension({
    forceInstall: { extensionId, updateUrl: `${updates.baseUrl}/update.xml` },
    policy: { extension: { schoolName: 'Harness Academy', role: 'pupil', yearGroup: 'Y7' } },
  });
}, 180_000);

afterAll(async () => {
  await session?.close();
  await updates?.close();
  await mirror?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('a lists update published as the next version', () => {
  it('version N holds the default set at the older pins', async () => {
    await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y7' && s.enabledRulesets.includes('gambling_block'), { what: 'the Y7 plan on version N' });
    expect(await landing(session, `https://${retired}/`)).toMatchObject({ where: 'block', reason: 'gambling' });
    expect(await landing(session, `https://${added}/`)).toMatchObject({ where: 'site' });
    const credits = await statusCredits(session);
    expect(credits).toContain(`UT1 blacklists (Université Toulouse 1 Capitole), pinned at ${mirror.revisions['olbat/ut1-blacklists']!.older.slice(0, 7)}`);
    expect(credits).toContain('Creative Commons Attribution-ShareAlike 4.0 International');
  }, 120_000);

  it('update prints the per-category diff; N+1, signed and published, installs itself and blocks what the update added', async () => {
    const printed = await lists('update');
    const gambling = printed.split('\n').find((line) => line.startsWith('  gambling:'));
    expect(gambling).toMatch(/^ {2}gambling: +\+[1-9]\d* -[1-9]\d* \(\d+ -> \d+\); added .+; removed retired-/);
    for (const category of ['adult', 'gambling', 'drugs', 'malware', 'proxy', 'games', 'dating', 'streaming']) expect(printed).toMatch(new RegExp(`^ {2}${category}: +\\+[1-9]`, 'm'));
    expect(JSON.parse(readFileSync(lock, 'utf8')).upstreams.ut1.revision).toBe(mirror.revisions['olbat/ut1-blacklists']!.pinned);

    const newer = buildListsVariant('lists-newer', { lock, cache });
    packageExtension({ from: newer, out, baseUrl: updates.baseUrl, version: NEXT_VERSION });
    const check = await session.evaluateInWorker(() => chrome.runtime.requestUpdateCheck());
    expect(check).toEqual({ status: 'update_available', version: NEXT_VERSION });
    await waitForVersion(session, NEXT_VERSION, 60_000, async (running) => `still on ${running} after ${NEXT_VERSION} was published; fetched ${updates.fetched.join(', ')}`);
    expect(updates.fetched).toContain(`school-filter-${NEXT_VERSION}.crx`);
    await waitForWorkerState(session, (s) => s.profile?.yearGroup === 'Y7' && s.enabledRulesets.includes('gambling_block'), { what: 'the Y7 plan on version N+1' });

    expect(await landing(session, `https://${added}/`)).toMatchObject({ where: 'block', reason: 'gambling' });
    expect(await landing(session, `https://${retired}/`)).toMatchObject({ where: 'site' });
    const credits = await statusCredits(session);
    expect(credits).toContain(`UT1 blacklists (Université Toulouse 1 Capitole), pinned at ${mirror.revisions['olbat/ut1-blacklists']!.pinned.slice(0, 7)}`);
    expect(credits).toContain('Copyright (c) 2022 NextDNS');
  }, 180_000);
});
