/**
 * "The real lists": what the critical-endpoint and education checks, the
 * lesson-services e2e test and the over-block audit run on. It is the default
 * list set itself (rules/lists.lock.json, on top of the curated seeds), fetched
 * and verified from the loopback mirror of ../shared/lists (the copies of the
 * pinned revisions) into a cache under .tmp, exactly as `npm run lists` does
 * from the upstreams: so what these checks pass is what schools build.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startListsMirror } from '../../test/harness/lists-mirror';
import { githubOrigins } from '../../src/filter/lists/github';
import { resolveDefaultSet } from '../lists/default-set';
import { DEFAULT_LOCK } from '../lists/lock-file';
import type { SourcesFile } from './sources';

const ROOT = join(import.meta.dirname, '..', '..');

/** The shared copy of the open lists, beside the project (CI has it too). */
export const SHARED_LISTS = join(ROOT, '..', 'shared', 'lists');

/** The cache the real lists are verified into; kept between runs (a verified cache is not fetched again). */
export const REAL_LISTS_CACHE = join(ROOT, '.tmp', 'real-lists-cache');

export interface RealLists {
  /** For importSources: the curated seeds, then the pinned default set. */
  sources: (string | SourcesFile)[];
  /** For scripts/build-rules.ts: the same set (its default sources, from this lock and cache). */
  buildArgs: string[];
  /**
   * UT1's own tree at the pinned revision, for the over-block audit's benign
   * reference categories (press, educational games, ...), which the default
   * set does not pin because nothing is blocked from them.
   */
  ut1Tree: string;
}

/** Throws, saying what is missing, when the real lists cannot be read here. */
export function requireRealLists(): void {
  if (!existsSync(join(SHARED_LISTS, 'ut1'))) {
    throw new Error(`the real lists are missing: expected the open lists at ${SHARED_LISTS} (../shared/lists beside the repository, as CI has them)`);
  }
}

export async function realLists(): Promise<RealLists> {
  requireRealLists();
  const mirror = await startListsMirror();
  try {
    const set = await resolveDefaultSet({ lockPath: DEFAULT_LOCK, cacheDir: REAL_LISTS_CACHE, fetch: { origins: githubOrigins(mirror.url) } });
    if (!set.sources) throw new Error(`the default list set could not be made from ${SHARED_LISTS}: ${set.fallback ?? set.log.join('; ')}`);
    return {
      sources: [join(ROOT, 'rules', 'sources.json'), set.sources],
      buildArgs: ['--lock', DEFAULT_LOCK, '--lists-cache', REAL_LISTS_CACHE, '--without-local-sources', '--reference-ut1', join(SHARED_LISTS, 'ut1')],
      ut1Tree: join(SHARED_LISTS, 'ut1'),
    };
  } finally {
    await mirror.close();
  }
}
