/**
 * What the rules build takes from the lock: the default list set as sources
 * (each pinned file from the cache, to the category the lock maps it to), or,
 * when the cache does not hold the pinned set, nothing, and one plain line
 * saying the build is on the curated seed lists only and how to get the rest.
 *
 * Only a build asked to fetch (`npm run build`, the production build) goes to
 * the network, and only when the cache is not already right. Whatever stops
 * the fetch (no network; or a file that is not the pinned bytes, a 404 at a
 * pinned commit) means seeds and that line, with the list, the file and the
 * reason, never a failed build and never an unverified byte: a new user's
 * `npm start` still works, and `npm run package` refuses to publish a
 * seeds-only build unless told to (scripts/package/list-set.ts).
 * Test builds never fetch: cache or seeds.
 */
import { existsSync } from 'node:fs';
import { type BuiltAttribution, defaultSetAttribution, seedsAttribution } from '../../src/filter/lists/attribution';
import type { Origins } from '../../src/filter/lists/github';
import { type ListsLock, pinnedFiles } from '../../src/filter/lists/lock';
import { readableName } from '../import/readable-name';
import type { ListSource, SourcesFile } from '../import/sources';
import { cachedPath, checkCache } from './cache';
import { fileLabel, ListsError } from './errors';
import { fetchPinned } from './fetch-pinned';
import { type Deadlines, QUICK } from './http';
import { readLock } from './lock-file';
import { licenceNotices } from './notices';

export interface DefaultSetOptions {
  lockPath: string;
  cacheDir: string;
  /** Fetch what the cache lacks (production builds only). */
  fetch?: { origins: Origins; deadlines?: Deadlines };
}

export interface DefaultSet {
  /** The pinned set as sources; undefined when building on the seed lists only. */
  sources?: SourcesFile;
  lock?: ListsLock;
  attribution: BuiltAttribution;
  /** The one line a seeds-only build prints. */
  fallback?: string;
  /** What happened on the way (a fetch), for the build log. */
  log: string[];
}

const HOW_CACHE = 'For the full default set run `npm run lists` (it needs the internet; `npm run build` does it by itself), then build again.';
const HOW_OFFLINE = 'Build again when online (or run `npm run lists`, then build) for the full default set.';
const HOW_UNVERIFIED = 'Nothing unverified was used. Look at that file upstream and at its pin in the lock (`npm run lists` shows the same error); `npm run lists -- update` re-pins from the upstreams.';

export async function resolveDefaultSet(options: DefaultSetOptions): Promise<DefaultSet> {
  const log: string[] = [];
  if (!existsSync(options.lockPath)) return seeds(`there is no lists lock at ${readableName(options.lockPath)}`, 'Restore rules/lists.lock.json (git checkout) for the default set.', log);
  const lockName = readableName(options.lockPath);
  const lock = await readLock(options.lockPath);
  const files = pinnedFiles(lock, lockName);
  const cacheName = readableName(options.cacheDir);

  const check = await checkCache(options.cacheDir, files);
  const lacking = [...check.missing, ...check.differing];
  if (lacking.length > 0) {
    if (!options.fetch) {
      const why =
        check.verified.length === 0 && check.differing.length === 0
          ? `${cacheName} holds no copy of the lists ${lockName} pins`
          : `${cacheName} does not hold the lists ${lockName} pins (${lacking.length} of ${files.length} files missing or different, e.g. ${fileLabel(lacking[0]!)})`;
      return seeds(why, HOW_CACHE, log);
    }
    try {
      const started = performance.now();
      const report = await fetchPinned(files, { cacheDir: options.cacheDir, origins: options.fetch.origins, deadlines: options.fetch.deadlines ?? QUICK });
      log.push(
        `rules: fetched the default list set into ${cacheName}: ${report.fetched.length} files (${(report.bytesFetched / 1e6).toFixed(1)} MB), ` +
          `${report.kept.length} already there, all verified by sha256, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    } catch (error) {
      if (!(error instanceof ListsError)) throw error;
      if (error.kind === 'unreachable') return seeds(`the lists could not be fetched (offline?): ${error.message}`, HOW_OFFLINE, log);
      return seeds(`a pinned list could not be verified: ${error.message}`, HOW_UNVERIFIED, log);
    }
  }

  const sources: ListSource[] = files.map((file) => ({ category: file.category, format: file.format, from: cachedPath(options.cacheDir, file) }));
  return {
    sources: { name: lockName, dir: options.cacheDir, sources, neverBlock: [] },
    lock,
    attribution: defaultSetAttribution(lock, await licenceNotices()),
    log,
  };
}

function seeds(reason: string, how: string, log: string[]): DefaultSet {
  return {
    attribution: seedsAttribution(reason),
    fallback: `rules: building on the curated seed lists only (rules/lists/*.txt), not the default list set: ${reason}. ${how}`,
    log,
  };
}

/** For stats.json: which list set the build used, at which pins. */
export function listSetUsed(set: DefaultSet): { set: 'default' | 'seeds'; revisions?: Record<string, string>; reason?: string } {
  if (!set.lock) return { set: 'seeds', reason: set.attribution.reason ?? '' };
  return { set: 'default', revisions: Object.fromEntries(Object.entries(set.lock.upstreams).map(([id, up]) => [id, up.revision])) };
}
