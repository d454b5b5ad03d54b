/**
 * `npm run lists`: every pinned file into the cache. Files the cache already
 * holds with the pinned sha256 are kept, not fetched again; the rest come
 * from the raw file URL at the pinned commit and must have exactly the pinned
 * size and sha256. Any failure names the list and file and leaves the
 * previous cache as it was.
 */
import { type Origins, rawFileUrl } from '../../src/filter/lists/github';
import type { PinnedFile } from '../../src/filter/lists/lock';
import { checkCache, readCached, replaceCache, sha256Of } from './cache';
import { fileLabel, ListsError } from './errors';
import { type Deadlines, FetchFailure, getBytes } from './http';

export interface FetchOptions {
  cacheDir: string;
  origins: Origins;
  deadlines: Deadlines;
}

export interface FetchReport {
  fetched: PinnedFile[];
  kept: PinnedFile[];
  bytesFetched: number;
}

// A few at a time: quick on a good line, polite to the host.
const PARALLEL = 4;

export async function fetchPinned(files: readonly PinnedFile[], options: FetchOptions): Promise<FetchReport> {
  const check = await checkCache(options.cacheDir, files);
  const kept = check.verified;
  const needed = [...check.missing, ...check.differing];
  const report: FetchReport = { fetched: needed, kept, bytesFetched: 0 };
  if (needed.length === 0) return report;
  await replaceCache(options.cacheDir, async (write) => {
    for (const file of kept) await write(file, (await readCached(options.cacheDir, file))!);
    await inParallel(needed, PARALLEL, async (file) => {
      const bytes = await fetchVerified(file, options);
      report.bytesFetched += bytes.length;
      await write(file, bytes);
    });
  });
  return report;
}

/** One pinned file from its upstream, or a ListsError naming it. */
export async function fetchVerified(file: PinnedFile, options: Pick<FetchOptions, 'origins' | 'deadlines'>): Promise<Uint8Array> {
  const url = rawFileUrl(options.origins, file.github, file.revision, file.path);
  let bytes: Uint8Array;
  try {
    bytes = await getBytes(url, options.deadlines);
  } catch (error) {
    if (error instanceof FetchFailure) throw new ListsError(error.kind, `${fileLabel(file)}: cannot fetch ${error.message}`);
    throw error;
  }
  const sha256 = sha256Of(bytes);
  if (sha256 !== file.sha256 || bytes.length !== file.bytes) {
    throw new ListsError(
      'mismatch',
      `${fileLabel(file)}: ${url} is not the pinned file: sha256 ${sha256} (${bytes.length} bytes), the lock pins ${file.sha256} (${file.bytes} bytes). ` +
        'Nothing was changed. If the upstream rewrote that commit, re-pin with `npm run lists -- update` and review the diff it prints.',
    );
  }
  return bytes;
}

export async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  if (failure !== undefined) throw failure;
}
