/**
 * `npm run bench:lesson`: from a teacher's click ("Allow for this lesson") to
 * the site open on a pupil's device, two ways, in the same run:
 *
 *   fast path   the pupil, told "it's open now", goes to the site: the block
 *               page asks at once, the worker fetches and applies, the page
 *               goes on. Measured click → the pupil's tab on the site.
 *   schedule    nobody tells the pupil: the device's refresh alarm fetches.
 *               Measured click → the allow rule in force in Chrome.
 *
 * Baseline for the fast path's pupil part: the same pupil tab loading a site
 * that was never blocked, in the same run. Real Chromium (a teacher's and a
 * Y9 pupil's browser, each a build with its own key and policy), the real
 * endpoint (SQLite on loopback). Each run opens a new, category-blocked
 * domain from a generated games list.
 *
 *   --fast N       fast-path runs (default 20)
 *   --schedule N   schedule runs (default 10, at the default 1-minute refresh)
 *   --small        3 + 1 runs with a 0.5-minute refresh: keeps it working in CI
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'puppeteer-core';
import { DEFAULT_LESSON_REFRESH_MINUTES } from '../src/overrides/model';
import type { LessonCreateReply } from '../src/overrides/panel';
import type { Message } from '../src/shared/messages';
import {
  buildKeyedVariant,
  launchWithExtension,
  removePolicy,
  signInForTest,
  startEndpoint,
  startFixtureServer,
  writePolicies,
} from '../test/e2e/harness';
import { acquireRunLock } from '../test/e2e/harness/run-lock';
import { arriveAt, blockedGamesSources, enforcementResult, waitFor } from './lib/pupil-tab';
import { mergeResults } from './results';

const { values: args } = parseArgs({ options: { fast: { type: 'string' }, schedule: { type: 'string' }, small: { type: 'boolean' } } });
const FAST_RUNS = Number(args.fast ?? (args.small ? 3 : 20));
const SCHEDULE_RUNS = Number(args.schedule ?? (args.small ? 1 : 10));
const REFRESH_MINUTES = args.small ? 0.5 : DEFAULT_LESSON_REFRESH_MINUTES;
const WORK = join(import.meta.dirname, '..', '.tmp', 'bench-lesson');
const TEACHER = 'teacher@bench.example';

const lessonDomain = (run: number) => `lesson-bench-${run}.example`;


/**
 * The teacher's click: the message her popup sends, from a popup page kept
 * open (as it is while she clicks), timed from just before it is sent.
 */
async function teacherOpens(popup: Page, domain: string): Promise<number> {
  const message: Message = { type: 'lesson/create', domains: [domain], audience: { yearGroups: ['Y9'], classes: [], pupils: [] }, minutes: 60, reason: 'Benchmark lesson' };
  const clickedAt = Date.now();
  const reply = (await popup.evaluate((m) => chrome.runtime.sendMessage(m), message)) as LessonCreateReply;
  if (!reply.ok) throw new Error(`the teacher's allowlist was refused: ${reply.error}`);
  return clickedAt;
}

async function main(): Promise<void> {
  const release = await acquireRunLock();
  const sources = blockedGamesSources(WORK, Array.from({ length: FAST_RUNS + SCHEDULE_RUNS }, (_, run) => lessonDomain(run)));
  const teacherBuild = await buildKeyedVariant('bench-lesson-teacher', [sources]);
  const pupilBuild = await buildKeyedVariant('bench-lesson-pupil', [sources]);
  const endpoint = await startEndpoint();
  writePolicies({
    [teacherBuild.extensionId]: { role: 'staff', endpoint: endpoint.policyValue('staff') },
    [pupilBuild.extensionId]: { role: 'pupil', yearGroup: 'Y9', endpoint: endpoint.policyValue('device'), lessonAllowlists: { refreshMinutes: REFRESH_MINUTES } },
  });
  const fixture = await startFixtureServer();
  const teacher = await launchWithExtension({ extensionDir: teacherBuild.dir, fixture });
  const pupil = await launchWithExtension({ extensionDir: pupilBuild.dir, fixture });
  try {
    await signInForTest(teacher, TEACHER);
    await signInForTest(pupil, 'pupil@bench.example');
    const tab = await pupil.browser.newPage();
    const popup = await teacher.browser.newPage();
    await popup.goto(teacher.extensionUrl('src/pages/popup.html'), { waitUntil: 'domcontentloaded' });

    const clickToSite: number[] = [];
    const pupilNavigationToSite: number[] = [];
    const plainNavigation: number[] = [];
    for (let run = 0; run < FAST_RUNS; run++) {
      const domain = lessonDomain(run);
      // Baseline first: the same tab loading a site nothing ever blocked.
      const plainStart = Date.now();
      plainNavigation.push((await arriveAt(pupil, tab, `https://never-blocked-${run}.bench.example/`)) - plainStart);
      const clickedAt = await teacherOpens(popup, domain);
      const navigationStart = Date.now();
      const arrived = await arriveAt(pupil, tab, `https://${domain}/`);
      clickToSite.push(arrived - clickedAt);
      pupilNavigationToSite.push(arrived - navigationStart);
    }

    const clickToRule: number[] = [];
    for (let run = FAST_RUNS; run < FAST_RUNS + SCHEDULE_RUNS; run++) {
      const domain = lessonDomain(run);
      // A teacher clicks at any moment of the alarm's cycle. Clicking straight after the last detection
      // would always land just after an alarm and measure the whole period every time.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * REFRESH_MINUTES * 60_000));
      const clickedAt = await teacherOpens(popup, domain);
      const inForceAt = await waitFor(
        `the allow rule for ${domain}`,
        async () => {
          const rules = await pupil.evaluateInWorker(() => chrome.declarativeNetRequest.getDynamicRules());
          return rules.some((rule) => rule.action.type === 'allow' && rule.condition.requestDomains?.includes(domain)) ? Date.now() : undefined;
        },
        REFRESH_MINUTES * 60_000 + 30_000,
      );
      clickToRule.push(inForceAt - clickedAt);
    }

    const result = enforcementResult({ clickToSite, pupilNavigationToSite, plainNavigation, clickToRule }, { fastPath: FAST_RUNS, schedule: SCHEDULE_RUNS }, REFRESH_MINUTES);
    const fast = result.fastPathClickToSiteMs;
    const scheduled = result.scheduleClickToRuleInForceMs;
    console.log(`lesson allowlist, click to enforcement: fast path p50 ${fast.p50} ms, p95 ${fast.p95} ms (${FAST_RUNS} runs);`);
    console.log(`  schedule alone (refresh every ${REFRESH_MINUTES} min) p50 ${scheduled.p50} ms, p95 ${scheduled.p95} ms (${SCHEDULE_RUNS} runs);`);
    console.log(`  the pupil's navigation through the block page ${result.fastPathPupilNavigationToSiteMs.p50} ms vs a plain load ${result.baselinePlainNavigationMs.p50} ms (${result.fastPathNavigationRatio} ×)`);
    mergeResults(args.small ? 'lessonAllowlistSmall' : 'lessonAllowlist', result);
  } finally {
    await Promise.all([teacher.close(), pupil.close()]);
    removePolicy();
    await fixture.close();
    await endpoint.close();
    release();
  }
}

await main();
