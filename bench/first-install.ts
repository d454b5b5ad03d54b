/**
 * `npm run bench:first-install`: time from browser start to the first block in
 * force on a fresh force-install, and how many page loads reached a blocked
 * site meanwhile. The shipped design (a compact bootstrap ruleset enabled in
 * the manifest, the full rulesets enabled by the worker's first plan) runs
 * against the baseline (every harmful ruleset enabled in the manifest, as
 * before), in the same run, with the default lists and with 1,000,000 extra
 * adult domains. Real Chromium, the real install path (ExtensionInstallForcelist,
 * update.xml, our CRX).
 *
 *   --domains N   size of the large import (default 1,000,000)
 *   --runs N      fresh installs per case (default 3; the median is reported)
 *   --small       10,000 domains, 1 run: keeps it working in CI
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { HARMFUL_CATEGORIES } from '../src/policy/defaults';
import { classifyLanding, DIST_DIR, launchWithExtension } from '../test/e2e/harness';
import { acquireRunLock } from '../test/e2e/harness/run-lock';
import { packageExtension, startUpdateServer } from '../test/e2e/harness/update-server';
import { mergeResults } from './results';

const ROOT = join(import.meta.dirname, '..');
const WORK = join(ROOT, '.tmp', 'bench-first-install');
const PROBE = 'https://www.pornhub.com/';

const { values: args } = parseArgs({ options: { domains: { type: 'string' }, runs: { type: 'string' }, small: { type: 'boolean' } } });
const LARGE = Number(args.domains ?? (args.small ? 10_000 : 1_000_000));
const RUNS = Number(args.runs ?? (args.small ? 1 : 3));

type Design = 'bootstrap' | 'baseline';

/** A copy of dist/ with the lists compiled in, its manifest set up for the design. */
function variant(lists: 'default' | 'large', design: Design): string {
  const dir = join(WORK, `${lists}-${design}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(DIST_DIR, dir, { recursive: true });
  rmSync(join(dir, '_metadata'), { recursive: true, force: true });
  if (lists === 'large') {
    const sources = join(WORK, 'sources.large.json');
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build-rules.ts'), '--sources', join(ROOT, 'rules', 'sources.json'), '--sources', sources, '--out', join(dir, 'rules', 'build')], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  }
  if (design === 'baseline') {
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const resource of manifest.declarative_net_request.rule_resources as { id: string; enabled: boolean }[]) {
      resource.enabled = resource.id === 'never_block' || HARMFUL_CATEGORIES.some((category) => resource.id === `${category}_block`);
    }
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  }
  return dir;
}

function writeLargeSources(): void {
  mkdirSync(WORK, { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < LARGE; i++) lines.push(`bench-adult-${i.toString(36)}.example`);
  writeFileSync(join(WORK, 'large-adult.txt'), `${lines.join('\n')}\n`);
  writeFileSync(join(WORK, 'sources.large.json'), JSON.stringify({ sources: [{ category: 'adult', format: 'domains', from: 'large-adult.txt' }] }));
}

interface Measurement {
  firstBlockMs: number;
  unfilteredLoads: number;
  /** The same for a domain only the full lists hold (not the bootstrap): when the whole list is in force. */
  fullListsBlockMs: number | null;
}

async function measureInstall(dir: string, fullListProbe: string | null): Promise<Measurement> {
  const packageDir = join(WORK, 'package');
  rmSync(packageDir, { recursive: true, force: true });
  const updates = await startUpdateServer(packageDir);
  try {
    const version = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).version as string;
    const extensionId = packageExtension({ from: dir, out: packageDir, baseUrl: updates.baseUrl, version });
    const started = performance.now();
    const session = await launchWithExtension({
      forceInstall: { extensionId, updateUrl: `${updates.baseUrl}/update.xml` },
      policy: { extension: { role: 'pupil', yearGroup: 'Y7' } },
    });
    try {
      const page = await session.browser.newPage();
      let first: Omit<Measurement, 'fullListsBlockMs'> | null = null;
      for (let attempt = 0; performance.now() - started < 60_000 && !first; attempt++) {
        await page.goto(`${PROBE}?probe=${attempt}`, { waitUntil: 'domcontentloaded', timeout: 10_000 }).catch(() => undefined);
        if (classifyLanding(session, page.url()).where === 'block') {
          first = { firstBlockMs: Math.round(performance.now() - started), unfilteredLoads: session.fixture.requestsTo('www.pornhub.com').length };
        }
      }
      if (!first) throw new Error(`nothing was blocked within 60 s of starting the browser (${dir})`);
      if (!fullListProbe) return { ...first, fullListsBlockMs: null };
      for (let attempt = 0; performance.now() - started < 60_000; attempt++) {
        await page.goto(`${fullListProbe}?probe=${attempt}`, { waitUntil: 'domcontentloaded', timeout: 10_000 }).catch(() => undefined);
        if (classifyLanding(session, page.url()).where === 'block') return { ...first, fullListsBlockMs: Math.round(performance.now() - started) };
      }
      throw new Error(`${fullListProbe} (in the full lists only) was not blocked within 60 s`);
    } finally {
      await session.close();
    }
  } finally {
    await updates.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const release = await acquireRunLock();
  try {
    writeLargeSources();
    const rows: Record<string, unknown>[] = [];
    for (const lists of ['default', 'large'] as const) {
      for (const design of ['baseline', 'bootstrap'] as const) {
        const dir = variant(lists, design);
        const runs: Measurement[] = [];
        const fullListProbe = lists === 'large' ? `https://bench-adult-${(LARGE - 1).toString(36)}.example/` : null;
        for (let run = 0; run < RUNS; run++) runs.push(await measureInstall(dir, fullListProbe));
        const row = {
          lists: lists === 'default' ? 'default lists' : `default + ${LARGE.toLocaleString('en-GB')} adult domains`,
          design,
          firstBlockMs: median(runs.map((r) => r.firstBlockMs)),
          unfilteredLoads: median(runs.map((r) => r.unfilteredLoads)),
          fullListsBlockMs: lists === 'large' ? median(runs.map((r) => r.fullListsBlockMs ?? Number.NaN)) : null,
          runs,
        };
        console.log(`${row.lists}, ${design}: first block ${row.firstBlockMs} ms after browser start, ${row.unfilteredLoads} loads unfiltered${row.fullListsBlockMs === null ? '' : `, a full-list-only domain blocked at ${row.fullListsBlockMs} ms`} (median of ${RUNS})`);
        rows.push(row);
      }
    }
    mergeResults(args.small ? 'firstInstallSmall' : 'firstInstall', { probe: PROBE, target: 'first block ≤ 2 s from browser start, independent of list size', rows });
  } finally {
    release();
    rmSync(WORK, { recursive: true, force: true });
  }
}

await main();
