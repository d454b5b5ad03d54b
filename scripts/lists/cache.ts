/**
 * The lists cache (rules/cache/, git-ignored): the pinned files as
 * `lists/<upstream>/<path>`. A file counts only when its sha256 is the one
 * the lock pins, checked every time it is used, so a stale, truncated or
 * edited copy is never built from. The cache is replaced whole: the new set
 * is written to a temporary folder beside it and swapped in by renames only
 * when every file is in, so a failed fetch leaves the previous cache as it was.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PinnedFile } from '../../src/filter/lists/lock';

export const DEFAULT_CACHE_DIR = join(import.meta.dirname, '..', '..', 'rules', 'cache');

type FileRef = Pick<PinnedFile, 'upstream' | 'path'>;

const STALE_MS = 60 * 60 * 1000;

function liveDir(cacheDir: string): string {
  return join(cacheDir, 'lists');
}

export function cachedPath(cacheDir: string, file: FileRef): string {
  return join(liveDir(cacheDir), file.upstream, ...file.path.split('/'));
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface CacheCheck {
  verified: PinnedFile[];
  missing: PinnedFile[];
  /** Present, but not the pinned bytes. */
  differing: PinnedFile[];
}

export async function checkCache(cacheDir: string, files: readonly PinnedFile[]): Promise<CacheCheck> {
  await recoverInterruptedSwap(cacheDir);
  const check: CacheCheck = { verified: [], missing: [], differing: [] };
  for (const file of files) {
    const bytes = await readCached(cacheDir, file);
    if (!bytes) check.missing.push(file);
    else if (bytes.length === file.bytes && sha256Of(bytes) === file.sha256) check.verified.push(file);
    else check.differing.push(file);
  }
  return check;
}

export async function readCached(cacheDir: string, file: FileRef): Promise<Buffer | undefined> {
  return readFile(cachedPath(cacheDir, file)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  });
}

/**
 * Builds a new cache with `fill` (which writes through the `write` it is
 * given) and swaps it in; if `fill` throws, the temporary folder goes and the
 * live cache is untouched.
 */
export async function replaceCache(cacheDir: string, fill: (write: (file: FileRef, bytes: Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  await recoverInterruptedSwap(cacheDir);
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const incoming = join(cacheDir, `.incoming-${suffix}`);
  const previous = join(cacheDir, `.previous-${suffix}`);
  try {
    await fill(async (file, bytes) => {
      const path = join(incoming, file.upstream, ...file.path.split('/'));
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, bytes);
    });
    await mkdir(incoming, { recursive: true });
  } catch (error) {
    await rm(incoming, { recursive: true, force: true });
    throw error;
  }
  const live = liveDir(cacheDir);
  const hadLive = existsSync(live);
  if (hadLive) await rename(live, previous);
  await rename(incoming, live);
  if (hadLive) await rm(previous, { recursive: true, force: true });
}

/**
 * A run killed between the two renames leaves no live cache and a
 * `.previous-*` beside it: put that back. `.incoming-*` folders an hour old
 * belong to killed runs (a live run finishes in minutes) and go.
 */
async function recoverInterruptedSwap(cacheDir: string): Promise<void> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  const live = liveDir(cacheDir);
  for (const name of names.filter((entry) => entry.startsWith('.previous-'))) {
    if (existsSync(live)) await rm(join(cacheDir, name), { recursive: true, force: true });
    else await rename(join(cacheDir, name), live);
  }
  for (const name of names.filter((entry) => entry.startsWith('.incoming-'))) {
    const info = await stat(join(cacheDir, name)).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > STALE_MS) await rm(join(cacheDir, name), { recursive: true, force: true });
  }
}
