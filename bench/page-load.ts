/**
 * `npm run bench:page-load`: what the filter adds to loading a page. A
 * loopback page with 200 subresources (images, scripts, styles on 20 hosts,
 * none of them blocked) is loaded many times with the cache off, alternately
 * in Chromium with the extension holding the default list set (or 1,000,000+
 * synthetic blocked domains) and in the same Chromium with no extension (the
 * baseline), and the medians of the page's own load time (Navigation Timing
 * loadEventEnd) are compared.
 *
 *   --lists default|synthetic  the pinned default set as a school builds it (default), or
 *                              --domains N synthetic adult domains on the curated lists
 *   --path-types all|documents|none  (default set) what the path-level rules match: as built,
 *                              main frames and frames only, or no path-level rules: the profile
 *   --domains N  synthetic blocked domains (default 1,000,000)
 *   --loads N    measured loads per browser (default 40)
 *   --small      5 loads (and 10,000 synthetic domains): keeps it working in CI
 */
import { parseArgs } from 'node:util';
import type { Page } from 'puppeteer-core';
import { type ExtensionSession, launchWithExtension, startFixtureServer, waitForWorkerState } from '../test/e2e/harness';
import { acquireRunLock } from '../test/e2e/harness/run-lock';
import { buildDefaultSetVariant, buildVariant, type PathTypes } from './lib/variant';
import { median, round } from './lib/stats';
import { appendPageLoadRun } from './page-load-runs';
import { mergeResults } from './results';

const { values: args } = parseArgs({
  options: { domains: { type: 'string' }, loads: { type: 'string' }, small: { type: 'boolean' }, lists: { type: 'string' }, 'path-types': { type: 'string' } },
});
const LISTS = args.lists ?? 'default';
const PATH_TYPES = (args['path-types'] ?? 'all') as PathTypes;
if (!['default', 'synthetic'].includes(LISTS) || !['all', 'documents', 'none'].includes(PATH_TYPES)) {
  throw new Error('usage: --lists default|synthetic --path-types all|documents|none');
}
const DOMAINS = Number(args.domains ?? (args.small ? 10_000 : 1_000_000));
const LOADS = Number(args.loads ?? (args.small ? 5 : 40));
const WARMUP = args.small ? 1 : 3;
const SUBRESOURCES = 200;
const HOSTS = 20;

function pageHtml(): string {
  const tags: string[] = [];
  for (let i = 0; i < SUBRESOURCES; i++) {
    const host = `static-${i % HOSTS}.bench-cdn.example`;
    const kind = i % 4;
    if (kind === 0) tags.push(`<script src="https://${host}/r/${i}.js"></script>`);
    else if (kind === 1) tags.push(`<link rel="stylesheet" href="https://${host}/r/${i}.css">`);
    else tags.push(`<img alt="" src="https://${host}/r/${i}.svg" width="8" height="8">`);
  }
  return `<!doctype html><html lang="en"><head><title>bench page</title></head><body><h1>Lesson resources</h1>${tags.join('\n')}</body></html>`;
}

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#369"/></svg>';

async function loadTime(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  const { load, resources } = await page.evaluate(() => ({
    load: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
    resources: performance.getEntriesByType('resource').length,
  }));
  // A page whose subresources did not load would measure nothing.
  if (resources < SUBRESOURCES) throw new Error(`only ${resources} of ${SUBRESOURCES} subresources loaded`);
  return load;
}

async function main(): Promise<void> {
  const release = await acquireRunLock();
  const fixture = await startFixtureServer();
  fixture.route((request) => {
    if (request.path.startsWith('/bench/page')) return { body: pageHtml() };
    if (request.path.endsWith('.js')) return { contentType: 'text/javascript', body: `window.loaded=(window.loaded||0)+1;` };
    if (request.path.endsWith('.css')) return { contentType: 'text/css', body: `h1{margin:0}` };
    if (request.path.endsWith('.svg')) return { contentType: 'image/svg+xml', body: SVG };
    return undefined;
  });
  let withExtension: ExtensionSession | undefined;
  let baseline: ExtensionSession | undefined;
  try {
    const variant = LISTS === 'default' ? await buildDefaultSetVariant(`page-load-${PATH_TYPES}`, PATH_TYPES) : buildVariant('page-load', DOMAINS, { sharedLists: !args.small });
    withExtension = await launchWithExtension({ extensionDir: variant.dir, fixture, policy: { extension: { role: 'pupil', yearGroup: 'Y7' } } });
    await waitForWorkerState(withExtension, (s) => s.enabledRulesets.includes('adult_block'), { timeoutMs: 120_000, what: 'the large adult ruleset enabled' });
    baseline = await launchWithExtension({ withoutExtension: true, fixture });

    const pages = await Promise.all([withExtension, baseline].map(async (session) => {
      const page = await session.browser.newPage();
      await page.setCacheEnabled(false);
      return page;
    }));
    const samples: { extension: number[]; baseline: number[] } = { extension: [], baseline: [] };
    for (let i = 0; i < WARMUP + LOADS; i++) {
      // Alternate which browser goes first, so drift on a shared machine falls on both.
      const order = i % 2 === 0 ? (['extension', 'baseline'] as const) : (['baseline', 'extension'] as const);
      for (const which of order) {
        const time = await loadTime(pages[which === 'extension' ? 0 : 1]!, `https://school-site.example/bench/page?i=${i}`);
        if (i >= WARMUP) samples[which].push(time);
      }
    }
    const ext = median(samples.extension);
    const base = median(samples.baseline);
    const result = {
      subresources: SUBRESOURCES,
      lists: LISTS === 'default' ? 'the default set' : `${DOMAINS} synthetic domains`,
      pathTypes: LISTS === 'default' ? PATH_TYPES : 'all',
      blockedDomains: LISTS === 'default' ? undefined : DOMAINS,
      sharedLists: variant.usedSharedLists,
      worstCaseStaticRules: variant.stats.worstCase.rules,
      loads: LOADS,
      medianMs: { extension: round(ext), baseline: round(base) },
      ratio: round(ext / base, 3),
      overheadPercent: round((ext / base - 1) * 100, 1),
      target: 'overhead ≤ 1%',
      samples,
    };
    console.log(`page load, ${SUBRESOURCES} subresources, ${result.lists}${LISTS === 'default' ? `, path-level rules: ${PATH_TYPES}` : ''}:`);
    console.log(`  median ${result.medianMs.extension} ms with the extension, ${result.medianMs.baseline} ms without: ratio ${result.ratio} (${result.overheadPercent}%)`);
    mergeResults(args.small ? 'pageLoadSmall' : LISTS === 'default' ? `pageLoadDefaultSet-${PATH_TYPES}` : 'pageLoad', result);
    // Every full run is kept: bench/README.md's table is written from the last three of each kind (page-load-report.ts).
    if (!args.small) appendPageLoadRun({ ...result, samples: undefined, measuredAt: new Date().toISOString() });
  } finally {
    await withExtension?.close();
    await baseline?.close();
    await fixture.close();
    release();
  }
}

await main();
