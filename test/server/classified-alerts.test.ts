/**
 * A classified block is an ordinary block to the safeguarding alerts (issue 20): a pupil's classified
 * adult block opens a pornography alert at the same severity as a listed one, three in ten minutes are
 * a repeat one step up as listed ones are, and the evidence tells the DSL that a model, not a list,
 * judged the site, with its score. Posted through POST /v1/events, read as the DSL reads them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterEvent } from '../../src/events/model';
import { API_PATHS } from '../../src/events/wire';
import { SAFEGUARDING_ALERTS_PATH } from '../../server/src/dashboard-api/alert-types';
import type { AlertDetail, AlertPage } from '../../server/src/store/alert-rows';
import { signIn, type DashboardClient } from './harness/dashboard';
import { blockEvent } from './harness/fixtures';
import { DEVICE_TOKEN, DSL, jsonPost, startTestServer, type TestServer } from './harness/server';

const NOW = new Date('2026-11-20T10:00:00.000Z');
const LISTED = 'listed@school.example';
const CLASSIFIED = 'classified@school.example';
const LISTED_REPEAT = 'listed.repeat@school.example';
const CLASSIFIED_REPEAT = 'classified.repeat@school.example';

let server: TestServer;
let dsl: DashboardClient;

const adultBlock = (user: string, minutesAgo: number, score?: number): FilterEvent =>
  blockEvent({
    user,
    category: 'adult',
    host: score === undefined ? 'listed-adult.example' : 'unlisted-adult.example',
    time: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
    ...(score === undefined ? {} : { classifier: { score } }),
  });

async function alertOf(user: string): Promise<AlertDetail> {
  const page = (await (await dsl.get(`${SAFEGUARDING_ALERTS_PATH}?risk=pornography&limit=200`)).json()) as AlertPage;
  const mine = page.alerts.filter((alert) => alert.user === user);
  expect(mine).toHaveLength(1);
  return (await (await dsl.get(`${SAFEGUARDING_ALERTS_PATH}/${mine[0]!.id}`)).json()) as AlertDetail;
}

beforeAll(async () => {
  server = await startTestServer({ start: NOW });
  const events = [
    adultBlock(LISTED, 30),
    adultBlock(CLASSIFIED, 30, 0.97),
    // Three blocks within ten minutes each: a repeat.
    ...[9, 5, 1].map((minutes) => adultBlock(LISTED_REPEAT, minutes)),
    ...[9, 5, 1].map((minutes) => adultBlock(CLASSIFIED_REPEAT, minutes, 0.95)),
  ];
  expect((await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events }))).status).toBe(200);
  dsl = await signIn(server, DSL);
});

afterAll(async () => {
  await server?.close();
});

describe('classified blocks in the safeguarding alerts', () => {
  it('a classified adult block opens an alert at the severity a listed one does', async () => {
    const listed = await alertOf(LISTED);
    const classified = await alertOf(CLASSIFIED);
    // Adult blocks are low on their own (README, "Safeguarding alerts"): the same for both.
    expect(listed.severity).toBe('low');
    expect(classified.severity).toBe(listed.severity);
    expect(classified.evidence!.map((e) => e.kind)).toEqual(listed.evidence!.map((e) => e.kind));
  });

  it('tells the DSL that the classifier, not a list, judged the site, with its score', async () => {
    const [listed] = (await alertOf(LISTED)).evidence!;
    const [classified] = (await alertOf(CLASSIFIED)).evidence!;
    expect(listed!.description).toBe('Blocked: a site the filter lists as adult');
    expect(classified!.description).toBe('Blocked: a site no list names, which the on-device classifier judged to look like adult (score 0.97)');
    expect(classified!.host).toBe('unlisted-adult.example');
  });

  it('three classified blocks in ten minutes are a repeat, one step up, as three listed ones are', async () => {
    const listed = await alertOf(LISTED_REPEAT);
    const classified = await alertOf(CLASSIFIED_REPEAT);
    expect(listed.severity).toBe('medium');
    expect(classified.severity).toBe(listed.severity);
    expect(classified.evidence!.filter((e) => e.kind === 'repeat')).toHaveLength(listed.evidence!.filter((e) => e.kind === 'repeat').length);
    expect(classified.evidence!.some((e) => e.kind === 'repeat')).toBe(true);
  });
});
