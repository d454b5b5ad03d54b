/**
 * `npm run bench:school-lists`: from the IT Lead's click on the dashboard to
 * enforcement on a pupil's device, two ways, in the same run:
 *
 *   fast path   a site our lists block for Year 9 is allowed from the
 *               dashboard ("Allow this site for Y9"); the pupil retries it: the
 *               block page asks at once, the worker fetches and applies, the
 *               page goes on. Measured click → the pupil's tab on the site.
 *   schedule    a site is blocked from the dashboard and nobody tells the
 *               pupil (an open site has no page that could ask): the device's
 *               refresh alarm fetches. Measured click → the block rule naming
 *               it in force in Chrome.
 *
 * The click is timed from just before the dashboard's request leaves (the
 * same POST its button sends, with the signed-in IT Lead's session). Baseline
 * for the fast path's pupil part: the same pupil tab loading a site that was
 * never blocked, in the same run, as bench/lesson-allowlist.ts does. Real
 * Chromium (a Y9 pupil's browser, a build with its own key and policy), the
 * real endpoint (SQLite on loopback).
 *
 *   --fast N       fast-path runs (default 20)
 *   --schedule N   schedule runs (default 10, at the default 1-minute refresh)
 *   --small        3 + 1 runs with a 0.5-minute refresh: keeps it working in CI
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_LESSON_REFRESH_MINUTES } from '../src/overrides/model';
import type { ListAction } from '../src/school-lists/audience';
import { buildKeyedVariant, IT_LEAD, launchWithExtension, removePolicy, signInForTest, startEndpoint, startFixtureServer, writePolicies } from '../test/e2e/harness';
import { acquireRunLock } from '../test/e2e/harness/run-lock';
import { type DashboardClient, signIn } from '../test/server/harness/dashboard';
import { arriveAt, blockedGamesSources, enforcementResult, waitFor } from './lib/pupil-tab';
import { mergeResults } from './results';
import { appendSchoolListRun } from './school-lists-report';

const { values: args } = parseArgs({ options: { fast: { type: 'string' }, schedule: { type: 'string' }, small: { type: 'boolean' } } });
const FAST_RUNS = Number(args.fast ?? (args.small ? 3 : 20));
const SCHEDULE_RUNS = Number(args.schedule ?? (args.small ? 1 : 10));
const REFRESH_MINUTES = args.small ? 0.5 : DEFAULT_LESSON_REFRESH_MINUTES;
const WORK = join(import.meta.dirname, '..', '.tmp', 'bench-school-lists');

const blockedDomain = (run: number) => `school-list-bench-${run}.example`;
const newDomain = (run: number) => `school-list-block-${run}.example`;


/** The IT Lead's click: the request the dashboard's button sends, timed from just before it leaves. */
async function itLeadClicks(dashboard: DashboardClient, action: ListAction, domain: string): Promise<number> {
  const body = { action, targets: [domain], audience: { scope: 'year-groups', yearGroups: ['Y9'] }, reason: 'Benchmark', endsAt: null };
  const clickedAt = Date.now();
  const response = await dashboard.post('/school-lists', body);
  if (response.status !== 201) throw new Error(`the dashboard refused the ${action}: ${response.status} ${await response.text()}`);
  return clickedAt;
}

async function main(): Promise<void> {
  const release = await acquireRunLock();
  const sources = blockedGamesSources(WORK, Array.from({ length: FAST_RUNS }, (_, run) => blockedDomain(run)));
  const pupilBuild = await buildKeyedVariant('bench-school-lists-pupil', [sources]);
  const endpoint = await startEndpoint();
  writePolicies({
    [pupilBuild.extensionId]: { role: 'pupil', yearGroup: 'Y9', endpoint: endpoint.policyValue('device'), lessonAllowlists: { refreshMinutes: REFRESH_MINUTES } },
  });
  const fixture = await startFixtureServer();
  const pupil = await launchWithExtension({ extensionDir: pupilBuild.dir, fixture });
  try {
    await signInForTest(pupil, 'pupil@bench.example');
    const dashboard = await signIn(endpoint.server!, IT_LEAD);
    const tab = await pupil.browser.newPage();

    const clickToSite: number[] = [];
    const pupilNavigationToSite: number[] = [];
    const plainNavigation: number[] = [];
    for (let run = 0; run < FAST_RUNS; run++) {
      const domain = blockedDomain(run);
      // Baseline first: the same tab loading a site nothing ever blocked.
      const plainStart = Date.now();
      plainNavigation.push((await arriveAt(pupil, tab, `https://never-blocked-${run}.bench.example/`)) - plainStart);
      const clickedAt = await itLeadClicks(dashboard, 'allow', domain);
      const navigationStart = Date.now();
      const arrived = await arriveAt(pupil, tab, `https://${domain}/`);
      clickToSite.push(arrived - clickedAt);
      pupilNavigationToSite.push(arrived - navigationStart);
    }

    const clickToRule: number[] = [];
    for (let run = 0; run < SCHEDULE_RUNS; run++) {
      const domain = newDomain(run);
      // An IT Lead clicks at any moment of the alarm's cycle (clicking just after the last detection would measure the whole period).
      await new Promise((resolve) => setTimeout(resolve, Math.random() * REFRESH_MINUTES * 60_000));
      const clickedAt = await itLeadClicks(dashboard, 'block', domain);
      const inForceAt = await waitFor(
        `the block rule naming ${domain}`,
        async () => {
          const rules = await pupil.evaluateInWorker(() => chrome.declarativeNetRequest.getDynamicRules());
          return rules.some((rule) => rule.action.type === 'redirect' && rule.condition.requestDomains?.includes(domain)) ? Date.now() : undefined;
        },
        REFRESH_MINUTES * 60_000 + 30_000,
      );
      clickToRule.push(inForceAt - clickedAt);
    }

    const result = enforcementResult({ clickToSite, pupilNavigationToSite, plainNavigation, clickToRule }, { fastPath: FAST_RUNS, schedule: SCHEDULE_RUNS }, REFRESH_MINUTES);
    const fast = result.fastPathClickToSiteMs;
    const scheduled = result.scheduleClickToRuleInForceMs;
    console.log(`school lists, dashboard click to enforcement: fast path p50 ${fast.p50} ms, p95 ${fast.p95} ms (${FAST_RUNS} runs);`);
    console.log(`  schedule alone (refresh every ${REFRESH_MINUTES} min) p50 ${scheduled.p50} ms, p95 ${scheduled.p95} ms (${SCHEDULE_RUNS} runs);`);
    console.log(`  the pupil's navigation through the block page ${result.fastPathPupilNavigationToSiteMs.p50} ms vs a plain load ${result.baselinePlainNavigationMs.p50} ms (${result.fastPathNavigationRatio} ×)`);
    mergeResults(args.small ? 'schoolListsSmall' : 'schoolLists', result);
    if (!args.small) {
      appendSchoolListRun({
        runs: result.runs,
        refreshMinutes: REFRESH_MINUTES,
        fastPath: fast,
        schedule: scheduled,
        navigationRatio: result.fastPathNavigationRatio,
      });
    }
  } finally {
    await pupil.close();
    removePolicy();
    await fixture.close();
    await endpoint.close();
    release();
  }
}

await main();
