/**
 * Built extensions with benchmark-sized lists compiled in: a copy of dist/
 * whose rulesets are recompiled from the project's sources plus N synthetic
 * adult domains (and the real lists in ../shared/lists when present). The
 * synthetic names are unique and valid, so nothing is pruned away.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST_DIR } from '../../test/e2e/harness';

const ROOT = join(import.meta.dirname, '..', '..');
export const BENCH_WORK = join(ROOT, '.tmp', 'bench');
const SHARED_LISTS = join(ROOT, '..', 'shared', 'lists');

export function syntheticDomain(index: number): string {
  return `bench-adult-${index.toString(36)}.example`;
}

export interface Variant {
  dir: string;
  /** Wall time of the rules compiler for this variant. */
  compileMs: number;
  /** Bytes of every static ruleset written. */
  rulesetBytes: number;
  /** What the compiler reported (rules/build/stats.json). */
  stats: { worstCase: { rules: number; rulesets: number; regexRules: number }; stats: unknown };
  usedSharedLists: boolean;
}

export function buildVariant(name: string, syntheticDomains: number, options: { sharedLists?: boolean } = {}): Variant {
  const dir = join(BENCH_WORK, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(BENCH_WORK, { recursive: true });
  cpSync(DIST_DIR, dir, { recursive: true });
  rmSync(join(dir, '_metadata'), { recursive: true, force: true });

  const sources = ['--sources', join(ROOT, 'rules', 'sources.json')];
  if (syntheticDomains > 0) {
    const list = join(BENCH_WORK, `synthetic-${syntheticDomains}.txt`);
    if (!existsSync(list)) {
      const lines: string[] = [];
      for (let i = 0; i < syntheticDomains; i++) lines.push(syntheticDomain(i));
      writeFileSync(list, `${lines.join('\n')}\n`);
    }
    const file = join(BENCH_WORK, `sources-${syntheticDomains}.json`);
    writeFileSync(file, JSON.stringify({ sources: [{ category: 'adult', format: 'domains', from: list }] }));
    sources.push('--sources', file);
  }
  const usedSharedLists = Boolean(options.sharedLists) && existsSync(SHARED_LISTS);
  if (usedSharedLists) sources.push('--sources', join(ROOT, 'bench', 'sources.shared-lists.json'));

  const out = join(dir, 'rules', 'build');
  const started = performance.now();
  execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', join(ROOT, 'scripts', 'build-rules.ts'), ...sources, '--out', out], {
    cwd: ROOT,
    stdio: 'pipe',
    maxBuffer: 256 * 1024 * 1024,
  });
  const compileMs = Math.round(performance.now() - started);
  const rulesetBytes = readdirSync(out)
    .filter((file) => file.endsWith('.json') && file !== 'stats.json' && file !== 'attribution.json')
    .reduce((sum, file) => sum + statSync(join(out, file)).size, 0);
  const stats = JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8'));
  return { dir, compileMs, rulesetBytes, stats, usedSharedLists };
}

/** Which resource types path-level rules keep, for the page-load profile (an experiment, not the build's output). */
export type PathTypes = 'all' | 'documents' | 'none';

/**
 * A copy of dist/ with the default list set compiled in, exactly as a school's
 * build makes it (the pinned lists, verified from the loopback mirror of
 * ../shared/lists: scripts/import/real-lists.ts). `pathTypes` then rewrites the
 * path-level (urlFilter) rules, to measure what they cost: `documents` keeps
 * them for main frames and frames only, `none` drops them.
 */
export async function buildDefaultSetVariant(name: string, pathTypes: PathTypes = 'all'): Promise<Variant> {
  const { realLists } = await import('../../scripts/import/real-lists');
  const dir = join(BENCH_WORK, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(BENCH_WORK, { recursive: true });
  cpSync(DIST_DIR, dir, { recursive: true });
  rmSync(join(dir, '_metadata'), { recursive: true, force: true });
  const out = join(dir, 'rules', 'build');
  const started = performance.now();
  execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', join(ROOT, 'scripts', 'build-rules.ts'), ...(await realLists()).buildArgs, '--out', out], {
    cwd: ROOT,
    stdio: 'pipe',
    maxBuffer: 256 * 1024 * 1024,
  });
  const compileMs = Math.round(performance.now() - started);
  const rulesets = readdirSync(out).filter((file) => file.endsWith('.json') && file !== 'stats.json' && file !== 'attribution.json');
  if (pathTypes !== 'all') {
    for (const file of rulesets) {
      const rules = JSON.parse(readFileSync(join(out, file), 'utf8')) as chrome.declarativeNetRequest.Rule[];
      const rewritten = rules.flatMap((rule) => {
        if (!rule.condition.urlFilter) return [rule];
        if (pathTypes === 'none') return [];
        return [{ ...rule, condition: { ...rule.condition, resourceTypes: ['main_frame', 'sub_frame'] as chrome.declarativeNetRequest.ResourceType[] } }];
      });
      writeFileSync(join(out, file), `[\n${rewritten.map((rule) => JSON.stringify(rule)).join(',\n')}\n]\n`);
    }
  }
  const rulesetBytes = rulesets.reduce((sum, file) => sum + statSync(join(out, file)).size, 0);
  const stats = JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8'));
  return { dir, compileMs, rulesetBytes, stats, usedSharedLists: true };
}
