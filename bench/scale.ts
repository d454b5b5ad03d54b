/**
 * `npm run bench:scale`: the filter at list sizes a school could import, up to
 * 5,000,000 domains: compile time and ruleset bytes, the static rules a
 * profile enables (domains share rules, so this stays flat), the time from
 * browser start to the first block by a domain that only the big list holds
 * (so the full rulesets, not the bootstrap, are in force), and the browser's
 * memory; the baseline is the same measurement with the default lists. Where
 * a size breaks (compiler, Chrome refusing a ruleset, a timeout), the row says
 * where and why instead of a figure.
 *
 *   --sizes a,b,c   synthetic domain counts (default 0,1000000,5000000)
 *   --small         0 and 10,000: keeps it working in CI
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { classifyLanding, launchWithExtension, waitForWorkerState } from '../test/e2e/harness';
import { acquireRunLock } from '../test/e2e/harness/run-lock';
import { buildVariant, syntheticDomain, type Variant } from './lib/variant';
import { round } from './lib/stats';
import { mergeResults } from './results';

const { values: args } = parseArgs({ options: { sizes: { type: 'string' }, small: { type: 'boolean' } } });
const SIZES = (args.sizes ?? (args.small ? '0,10000' : '0,1000000,5000000')).split(',').map(Number);

/** Resident memory of the browser and all its child processes, in MiB (a sum of RSS: shared pages count more than once). */
function browserRssMiB(rootPid: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let kib = 0;
  for (const pid of tree) {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kib += Number(rss?.[1] ?? 0);
    } catch {
      // ended
    }
  }
  return round(kib / 1024, 0);
}

interface Row {
  domains: number;
  compileMs?: number;
  rulesetMiB?: number;
  enabledStaticRules?: number;
  firstBlockMs?: number;
  browserRssMiB?: number;
  broke?: string;
}

async function measure(size: number): Promise<Row> {
  const row: Row = { domains: size };
  let variant: Variant;
  try {
    variant = buildVariant(`scale-${size}`, size);
  } catch (error) {
    return { ...row, broke: `compiler: ${String((error as { stderr?: Buffer }).stderr ?? error).trim().split('\n').slice(-3).join(' ')}` };
  }
  Object.assign(row, { compileMs: variant.compileMs, rulesetMiB: round(variant.rulesetBytes / 2 ** 20, 1), enabledStaticRules: variant.stats.worstCase.rules });
  const probe = size > 0 ? `https://${syntheticDomain(size - 1)}/` : 'https://www.pornhub.com/';
  const started = performance.now();
  const session = await launchWithExtension({ extensionDir: variant.dir, policy: { extension: { role: 'pupil', yearGroup: 'Y7' } } });
  try {
    const page = await session.browser.newPage();
    for (let attempt = 0; performance.now() - started < 180_000; attempt++) {
      // A fresh address each time: a repeat of the same address was seen never to be redirected once it had loaded.
      await page.goto(`${probe}?probe=${attempt}`, { waitUntil: 'domcontentloaded', timeout: 20_000 }).catch(() => undefined);
      if (classifyLanding(session, page.url()).where === 'block') {
        row.firstBlockMs = Math.round(performance.now() - started);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (row.firstBlockMs === undefined) {
      const state = await waitForWorkerState(session, () => true).catch(() => null);
      return { ...row, broke: `not blocked within 180 s; enabled rulesets: ${state?.enabledRulesets.join(', ') ?? 'unknown'}` };
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    row.browserRssMiB = browserRssMiB(session.browser.process()!.pid!);
    return row;
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const release = await acquireRunLock();
  try {
    const rows: Row[] = [];
    for (const size of SIZES) {
      const row = await measure(size);
      console.log(JSON.stringify(row));
      rows.push(row);
    }
    mergeResults(args.small ? 'scaleSmall' : 'scale', {
      rows,
      baseline: 'the default lists (domains: 0 synthetic)',
      note: 'a domain list costs 2 rules per category ruleset however long it is; path-level entries cost 1 rule each',
    });
  } finally {
    release();
  }
}

await main();
