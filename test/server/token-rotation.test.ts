/**
 * Token rotation (issue 21): the IT Lead rotates a label on the dashboard, the operator with the CLI. The new
 * token works at once, the old one through the grace period and then gets a 401 that says it was retired;
 * "retire now" ends the grace; every process on the database sees a rotation; the DSL cannot touch tokens.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { knownTokens } from '../../server/src/auth/token-book';
import { planRetireNow, planRotation } from '../../server/src/auth/token-rotation';
import { sha256Hex } from '../../server/src/auth/tokens';
import type { RotateReply, TokensReply } from '../../server/src/dashboard-api/tokens';
import { runCli } from './harness/cli';
import { batchOf } from './harness/fixtures';
import { signIn } from './harness/dashboard';
import { DEVICE_TOKEN, DSL, IT_LEAD, jsonPost, STAFF_TOKEN, startTestServer, type TestServer } from './harness/server';

const START = new Date('2026-03-02T09:00:00.000Z');
const DAY_MS = 24 * 60 * 60_000;
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function endpoint(extra: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const started = await startTestServer({ start: START, ...extra });
  servers.push(started);
  return started;
}

const upload = (server: TestServer, token: string) => server.fetch(API_PATHS.events, jsonPost(token, batchOf(1)));

async function rotate(server: TestServer, label: string, graceDays: number): Promise<RotateReply> {
  const itLead = await signIn(server, IT_LEAD);
  const response = await itLead.post('/tokens/rotate', { label, graceDays });
  expect(response.status).toBe(200);
  return (await response.json()) as RotateReply;
}

describe('planning a rotation (pure)', () => {
  const config = [{ token: DEVICE_TOKEN, scope: 'device' as const, label: 'pupils' }];
  it('retires every token of the label still accepted, keeping a sooner date already set', () => {
    const first = planRotation(knownTokens(config, [], []), 'pupils', 1, 'first-new-token-0123456789', 'a', START);
    if (typeof first === 'string') throw new Error(first);
    const later = new Date(START.getTime() + 60_000);
    const second = planRotation(knownTokens(config, [first.issue!], first.retire), 'pupils', 7, 'second-new-token-0123456789', 'b', later);
    if (typeof second === 'string') throw new Error(second);
    expect(second.retire.map((r) => [r.digest, r.retiresAt.toISOString()])).toEqual([
      // The config token keeps its one day from the first rotation; the first rotation's token gets seven from now.
      [sha256Hex(DEVICE_TOKEN), '2026-03-03T09:00:00.000Z'],
      [sha256Hex('first-new-token-0123456789'), '2026-03-09T09:01:00.000Z'],
    ]);
    expect(second.issue).toMatchObject({ digest: sha256Hex('second-new-token-0123456789'), label: 'pupils', scope: 'device', issuedBy: 'b' });
  });
  it('refuses a grace period out of range, and "retire now" with nothing waiting', () => {
    expect(planRotation(knownTokens(config, [], []), 'pupils', 91, 'x'.repeat(20), 'a', START)).toBe('the grace period is a whole number of days from 0 (retire at once) to 90');
    expect(planRotation(knownTokens(config, [], []), 'pupils', 1.5, 'x'.repeat(20), 'a', START)).toBe('the grace period is a whole number of days from 0 (retire at once) to 90');
    expect(planRetireNow(knownTokens(config, [], []), 'pupils', 'a', START)).toMatch(/^no token labelled "pupils" is waiting to retire/);
  });
});

describe('rotating on the dashboard', () => {
  it('issues a working token at once; the old one works through the grace period, then is refused as retired', async () => {
    const server = await endpoint();
    const rotated = await rotate(server, 'pupils', 7);
    expect(rotated.scope).toBe('device');
    expect(rotated.oldRetireAt).toBe(new Date(START.getTime() + 7 * DAY_MS).toISOString());
    // The policy to paste carries the new token and this endpoint.
    expect(JSON.parse(rotated.policyJson)).toMatchObject({ role: 'pupil', endpoint: { url: server.url, token: rotated.token } });
    expect(rotated.adminConsoleJson).toContain(rotated.token);

    expect((await upload(server, rotated.token)).status).toBe(200);
    server.clock.set(new Date(START.getTime() + 7 * DAY_MS - 1000));
    expect((await upload(server, DEVICE_TOKEN)).status).toBe(200);
    server.clock.set(new Date(START.getTime() + 7 * DAY_MS));
    const refused = await upload(server, DEVICE_TOKEN);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toBe(
      `this token was retired at 2026-03-09T09:00:00.000Z (token "pupils", replaced by a rotation): the devices' policy needs the new "pupils" token from the IT Lead`,
    );
    expect((await upload(server, rotated.token)).status).toBe(200);
    // Another label is untouched.
    expect((await server.fetch(API_PATHS.overrides, { headers: { authorization: `Bearer ${STAFF_TOKEN}` } })).status).toBe(200);
  });

  it('lists labels, scopes, dates and the trail; a grace of 0 retires at once; retire now ends a grace early', async () => {
    const server = await endpoint();
    const itLead = await signIn(server, IT_LEAD);
    const staffRotation = await rotate(server, 'staff', 0);
    expect((await upload(server, STAFF_TOKEN)).status).toBe(401);
    expect((await upload(server, staffRotation.token)).status).toBe(200);

    const pupils = await rotate(server, 'pupils', 30);
    server.clock.advanceMinutes(60);
    expect((await upload(server, DEVICE_TOKEN)).status).toBe(200);
    const retired = await itLead.post('/tokens/retire-now', { label: 'pupils' });
    expect(await retired.json()).toEqual({ retired: 1 });
    expect((await upload(server, DEVICE_TOKEN)).status).toBe(401);
    expect((await upload(server, pupils.token)).status).toBe(200);
    // Nothing is left waiting: retiring again would leave the label's devices with no token.
    const again = await itLead.post('/tokens/retire-now', { label: 'pupils' });
    expect(again.status).toBe(422);
    expect(((await again.json()) as { error: string }).error).toContain('is waiting to retire: rotate it first');

    const listing = (await (await itLead.get('/tokens')).json()) as TokensReply;
    const pupilsLabel = listing.labels.find((entry) => entry.label === 'pupils')!;
    expect(pupilsLabel.scope).toBe('device');
    expect(pupilsLabel.tokens.map((token) => [token.source, token.state, token.issuedBy])).toEqual([
      ['config', 'retired', null],
      ['issued', 'in-use', 'itlead (dashboard)'],
    ]);
    expect(pupilsLabel.tokens[1]!.issuedAt).toBe(START.toISOString());
    expect(listing.trail.map((entry) => [entry.label, entry.action, entry.actor])).toEqual([
      ['pupils', 'retired-now', 'itlead (dashboard)'],
      ['pupils', 'rotated', 'itlead (dashboard)'],
      ['staff', 'rotated', 'itlead (dashboard)'],
    ]);
    // Only digests are shown, never a token.
    expect(JSON.stringify(listing)).not.toContain(pupils.token);
  });

  it('refuses an unknown label, a bad grace period, and the DSL', async () => {
    const server = await endpoint();
    const itLead = await signIn(server, IT_LEAD);
    const unknown = await itLead.post('/tokens/rotate', { label: 'nobody', graceDays: 7 });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { error: string }).error).toBe('no token is labelled "nobody" (labels: "pupils", "pupils-site-b", "staff")');
    expect((await itLead.post('/tokens/rotate', { label: 'pupils', graceDays: 91 })).status).toBe(400);
    const dsl = await signIn(server, DSL);
    expect((await dsl.get('/tokens')).status).toBe(403);
    expect((await dsl.post('/tokens/rotate', { label: 'pupils', graceDays: 0 })).status).toBe(403);
    expect((await upload(server, DEVICE_TOKEN)).status).toBe(200);
  });

  it('reaches every endpoint process on the database', async () => {
    const first = await endpoint();
    const second = await endpoint({ dataDir: first.dataDir, tokenCacheMs: 0 });
    expect((await upload(second, DEVICE_TOKEN)).status).toBe(200);
    const rotated = await rotate(first, 'pupils', 0);
    expect((await upload(second, rotated.token)).status).toBe(200);
    expect((await upload(second, DEVICE_TOKEN)).status).toBe(401);
  });
});

describe('rotating with the CLI', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'endpoint-tokens-cli-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const run = runCli;

  it('rotates while the endpoint runs, prints the new token once with its policy, retires the old one now, and lists them', async () => {
    // The real clock: the CLI stamps its changes with the time now. A one-second copy of the tokens (five by default) keeps the test short.
    const server = await endpoint({ realClock: true, tokenCacheMs: 1_000 });
    const configPath = join(scratch, 'config.json');
    writeFileSync(configPath, JSON.stringify({ dataDir: server.dataDir, database: server.config.database, publicUrl: 'https://filter.school.example', tokens: server.config.tokens }));

    const rotated = await run(['rotate-token', 'pupils', '--grace-days', '3'], configPath);
    expect(rotated.code).toBe(0);
    const token = /New token for "pupils" \(device\): (\S+)/.exec(rotated.stdout)?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated.stdout).toContain(`{"role":"pupil","yearGroup":"Y7","endpoint":{"url":"https://filter.school.example","token":"${token}"}}`);
    // The endpoint's own copy of the tokens is at most that old.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await upload(server, token!)).status).toBe(200);
    expect((await upload(server, DEVICE_TOKEN)).status).toBe(200);

    const retired = await run(['retire-token', 'pupils'], configPath);
    expect(retired.stdout).toContain('Retired 1 old token of "pupils" now');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await upload(server, DEVICE_TOKEN)).status).toBe(401);
    expect((await upload(server, token!)).status).toBe(200);

    const listed = await run(['tokens'], configPath);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/pupils \(device\) {2}sha256 [0-9a-f]{12}… {2}config file {2}retired /);
    expect(listed.stdout).toMatch(/pupils \(device\) {2}sha256 [0-9a-f]{12}… {2}issued \S+ by command line \(/);
    expect(listed.stdout).toContain('retired-now');
    expect(listed.stdout).not.toContain(token);

    const unknown = await run(['rotate-token', 'nobody'], configPath);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'no token is labelled "nobody" (labels: "pupils", "pupils-site-b", "staff")']);
    const badGrace = await run(['rotate-token', 'pupils', '--grace-days', 'soon'], configPath);
    expect([badGrace.code, badGrace.stderr.trim()]).toEqual([2, '--grace-days needs a whole number of days (0 retires the old token at once)']);
  }, 60_000);
});
