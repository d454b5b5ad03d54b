/**
 * `npm run lists -- update [UPSTREAM ...]`: moves each upstream's pin to its
 * newest commit. For each: the newest commit from GitHub's API, the commit's
 * tree (every file's git blob id), then each pinned file at that commit,
 * checked against its blob id (two GitHub services agreeing on the bytes,
 * and a clear error when upstream renamed or removed a file the set uses).
 * The new sha256 and sizes are written to the lock, the cache gets the new
 * files, and the result says per category what was added and removed.
 */
import { createHash } from 'node:crypto';
import { parseList } from '../../src/filter/import/parse-list';
import { addEntries, type CategoryChange, type CategoryEntries, diffCategories } from '../../src/filter/lists/diff';
import { newestCommitUrl, type Origins, rawFileUrl, treeUrl } from '../../src/filter/lists/github';
import { type ListsLock, type LockedUpstream, type PinnedFile } from '../../src/filter/lists/lock';
import { checkCache, readCached, replaceCache, sha256Of } from './cache';
import { fileLabel, ListsError } from './errors';
import { fetchVerified, inParallel } from './fetch-pinned';
import { type Deadlines, FetchFailure, getBytes, getJson } from './http';

export interface UpdateOptions {
  cacheDir: string;
  origins: Origins;
  deadlines: Deadlines;
  /** Upstream ids to move; all when empty. */
  only?: readonly string[];
}

export interface UpdateResult {
  lock: ListsLock;
  changes: CategoryChange[];
  /** Per upstream: where its pin moved, for the person reading the output. */
  moves: string[];
  notes: string[];
}

interface FileRef {
  upstream: string;
  github: string;
  path: string;
  format: PinnedFile['format'];
  category: PinnedFile['category'];
}

const PARALLEL = 4;
const decoder = new TextDecoder();

export async function updateLock(lock: ListsLock, options: UpdateOptions): Promise<UpdateResult> {
  const ids = Object.keys(lock.upstreams);
  const unknown = (options.only ?? []).filter((id) => !ids.includes(id));
  if (unknown.length > 0) throw new Error(`lists: no upstream ${unknown.join(', ')} in the lock (it has ${ids.join(', ')})`);
  const moving = options.only?.length ? ids.filter((id) => options.only!.includes(id)) : ids;
  const unpinnedElsewhere = ids.filter((id) => !moving.includes(id) && Object.values(lock.upstreams[id]!.files).some((file) => file.sha256 === undefined));
  if (unpinnedElsewhere.length > 0) throw new Error(`lists: ${unpinnedElsewhere.join(', ')} has files not pinned yet: update it too`);

  const next = structuredClone(lock);
  const before = new Map<string, Uint8Array>();
  const after = new Map<string, Uint8Array>();
  const moves: string[] = [];
  const notes: string[] = [];

  const pinnedBefore = await readPinned(lock, options, notes, new Set(moving));
  for (const [key, bytes] of pinnedBefore) before.set(key, bytes);

  for (const id of ids) {
    const upstream = lock.upstreams[id]!;
    if (!moving.includes(id)) {
      for (const path of Object.keys(upstream.files)) after.set(key(id, path), before.get(key(id, path))!);
      continue;
    }
    const newest = await newestCommit(id, upstream, options);
    const allPinned = Object.values(upstream.files).every((file) => file.sha256 !== undefined);
    const stay = newest === upstream.revision && allPinned && Object.keys(upstream.files).every((path) => before.has(key(id, path)));
    if (stay) {
      moves.push(`${id} (${upstream.github}): already at the newest commit ${short(newest)}`);
      for (const path of Object.keys(upstream.files)) after.set(key(id, path), before.get(key(id, path))!);
      continue;
    }
    const fetched = await filesAt(id, upstream, newest, options);
    const entry = next.upstreams[id]!;
    entry.revision = newest;
    let changed = 0;
    for (const [path, bytes] of fetched) {
      const sha256 = sha256Of(bytes);
      if (sha256 !== upstream.files[path]!.sha256) changed++;
      Object.assign(entry.files[path]!, { sha256, bytes: bytes.length });
      after.set(key(id, path), bytes);
    }
    moves.push(
      newest === upstream.revision
        ? `${id} (${upstream.github}): pinned ${fetched.size} files at ${short(newest)}`
        : `${id} (${upstream.github}): ${short(upstream.revision)} -> ${short(newest)}, ${changed} of ${fetched.size} files changed`,
    );
  }

  const refs = fileRefs(lock);
  const changes = diffCategories(entriesOf(refs, before), entriesOf(refs, after));
  await replaceCache(options.cacheDir, async (write) => {
    for (const ref of refs) await write(ref, after.get(key(ref.upstream, ref.path))!);
  });
  return { lock: next, changes, moves, notes };
}

function key(upstream: string, path: string): string {
  return `${upstream}\n${path}`;
}

function short(commit: string): string {
  return commit.slice(0, 7);
}

function fileRefs(lock: ListsLock): FileRef[] {
  return Object.entries(lock.upstreams).flatMap(([id, up]) =>
    Object.entries(up.files).map(([path, file]) => ({ upstream: id, github: up.github, path, format: file.format, category: file.category })),
  );
}

/**
 * The bytes of every pinned file at its pinned commit: from the cache when it
 * holds them, else fetched and checked. For the upstreams being moved a
 * missing old copy only costs the diff (a note says so); the others must be
 * had, because the new cache holds them too.
 */
async function readPinned(lock: ListsLock, options: UpdateOptions, notes: string[], moving: ReadonlySet<string>): Promise<Map<string, Uint8Array>> {
  const pinned: PinnedFile[] = Object.entries(lock.upstreams).flatMap(([id, up]) =>
    Object.entries(up.files)
      .filter(([, file]) => file.sha256 !== undefined)
      .map(([path, file]) => ({ upstream: id, github: up.github, revision: up.revision, path, category: file.category, format: file.format, sha256: file.sha256!, bytes: file.bytes! })),
  );
  const check = await checkCache(options.cacheDir, pinned);
  const found = new Map<string, Uint8Array>();
  for (const file of check.verified) found.set(key(file.upstream, file.path), (await readCached(options.cacheDir, file))!);
  await inParallel([...check.missing, ...check.differing], PARALLEL, async (file) => {
    try {
      found.set(key(file.upstream, file.path), await fetchVerified(file, options));
    } catch (error) {
      if (!(error instanceof ListsError) || !moving.has(file.upstream)) throw error;
      notes.push(`no copy of ${fileLabel(file)} at the old pin (${error.message}): the diff counts all its entries as added`);
    }
  });
  for (const [id, up] of Object.entries(lock.upstreams)) {
    const unpinned = Object.entries(up.files).filter(([, file]) => file.sha256 === undefined).map(([path]) => path);
    if (unpinned.length > 0) notes.push(`${id}: ${unpinned.length} files were not pinned before (${unpinned.slice(0, 3).join(', ')}${unpinned.length > 3 ? ', ...' : ''}): the diff counts all their entries as added`);
  }
  return found;
}

async function newestCommit(id: string, upstream: LockedUpstream, options: UpdateOptions): Promise<string> {
  const url = newestCommitUrl(options.origins, upstream.github);
  const answer = await askApi(url, id, upstream, options.deadlines);
  const sha = (answer as { sha?: unknown } | null)?.sha;
  if (typeof sha !== 'string' || !/^[0-9a-f]{40}$/.test(sha)) throw new ListsError('refused', `${id} (${upstream.github}): ${url} gave no commit id`);
  return sha;
}

/** Each pinned path at `commit`, checked against the commit's tree. */
async function filesAt(id: string, upstream: LockedUpstream, commit: string, options: UpdateOptions): Promise<Map<string, Uint8Array>> {
  const url = treeUrl(options.origins, upstream.github, commit);
  const tree = (await askApi(url, id, upstream, options.deadlines)) as { tree?: { path?: unknown; type?: unknown; sha?: unknown }[]; truncated?: unknown } | null;
  if (!tree || !Array.isArray(tree.tree)) throw new ListsError('refused', `${id} (${upstream.github}): ${url} gave no tree`);
  const blobs = new Map(tree.tree.filter((item) => item.type === 'blob' && typeof item.path === 'string').map((item) => [item.path as string, String(item.sha)]));
  const files = new Map<string, Uint8Array>();
  const paths = Object.keys(upstream.files);
  for (const path of paths) {
    // A truncated tree (over 100,000 entries) may simply not list it; the raw fetch still tells.
    if (!blobs.has(path) && tree.truncated !== true) {
      throw new ListsError('gone', `${id} (${upstream.github}) ${path}: not in commit ${commit}: the upstream renamed or removed it. Fix the mapping in the lock (files), then update again.`);
    }
  }
  await inParallel(paths, PARALLEL, async (path) => {
    const raw = rawFileUrl(options.origins, upstream.github, commit, path);
    let bytes: Uint8Array;
    try {
      bytes = await getBytes(raw, options.deadlines);
    } catch (error) {
      if (error instanceof FetchFailure) throw new ListsError(error.kind, `${id} (${upstream.github}) ${path}: cannot fetch ${error.message}`);
      throw error;
    }
    const blob = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    const expected = blobs.get(path);
    if (expected !== undefined && blob !== expected) {
      throw new ListsError('mismatch', `${id} (${upstream.github}) ${path}: ${raw} is not the file commit ${commit} holds (git blob ${blob}, the tree says ${expected}). Nothing was changed.`);
    }
    files.set(path, bytes);
  });
  // Lock order, not arrival order.
  return new Map(paths.map((path) => [path, files.get(path)!]));
}

async function askApi(url: string, id: string, upstream: LockedUpstream, deadlines: Deadlines): Promise<unknown> {
  try {
    return await getJson(url, deadlines);
  } catch (error) {
    if (error instanceof FetchFailure) throw new ListsError(error.kind, `${id} (${upstream.github}): ${error.message}`);
    throw error;
  }
}

function entriesOf(refs: readonly FileRef[], bytes: ReadonlyMap<string, Uint8Array>): CategoryEntries {
  const entries: CategoryEntries = new Map();
  for (const ref of refs) {
    const content = bytes.get(key(ref.upstream, ref.path));
    if (content) addEntries(entries, ref.category, parseList(decoder.decode(content), ref.format, ref.path));
    else if (!entries.has(ref.category)) entries.set(ref.category, new Set());
  }
  return entries;
}
