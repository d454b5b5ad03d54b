/**
 * A source's `from` (file, directory, tarball or http(s) URL) opened as named
 * members whose text is read on demand, so a UT1 tree only reads the lists it
 * maps. Names are the ones problems and notes will show.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { readTar } from '../../src/filter/import/tar';
import { isTarball, isUrl, readableName } from './readable-name';

export interface SourceMember {
  /** For reports: a path, a URL, or `archive:member`. */
  name: string;
  /** Inside the source: a tarball member's path or a tree's relative path, `/`-separated. */
  path: string;
  read(): Promise<string>;
}

export type OpenedSource = { found: true; members: SourceMember[] } | { found: false; reason: string };

/** `list`: a directory means its regular files; `tree`: every regular file below it. */
export type SourceShape = 'list' | 'tree';

const gunzipAsync = promisify(gunzip);
const decoder = new TextDecoder();
const FETCH_TIMEOUT_MS = 120_000;

export async function openSource(from: string, baseDir: string, shape: SourceShape): Promise<OpenedSource> {
  return isUrl(from) ? openUrl(from) : openPath(resolve(baseDir, from), shape);
}

async function openUrl(url: string): Promise<OpenedSource> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    return { found: false, reason: `fetch failed: ${cause?.message ?? (error as Error).message}` };
  }
  if (!response.ok) return { found: false, reason: `HTTP ${response.status} ${response.statusText}`.trim() };
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (isTarball(url)) return { found: true, members: await tarMembers(bytes, url) };
  const path = new URL(url).pathname.split('/').pop() ?? '';
  return { found: true, members: [{ name: url, path, read: async () => decoder.decode(bytes) }] };
}

async function openPath(absolute: string, shape: SourceShape): Promise<OpenedSource> {
  const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!info) return { found: false, reason: `not found: ${absolute}` };
  if (info.isDirectory()) {
    const files = shape === 'tree' ? await treeFiles(absolute) : await directoryFiles(absolute);
    return { found: true, members: files.map((file) => fileMember(file, relative(absolute, file).split(sep).join('/'))) };
  }
  if (isTarball(absolute)) return { found: true, members: await tarMembers(await readFile(absolute), readableName(absolute)) };
  return { found: true, members: [fileMember(absolute, absolute.split(sep).pop()!)] };
}

function fileMember(absolute: string, path: string): SourceMember {
  return { name: readableName(absolute), path, read: () => readFile(absolute, 'utf8') };
}

async function directoryFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(dir, entry.name)).sort();
}

// Symbolic links are not followed: UT1 aliases categories with them, and
// following them would read a list twice under two names.
async function treeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
}

async function tarMembers(bytes: Uint8Array, archiveName: string): Promise<SourceMember[]> {
  // By content, not name: servers and mirrors are careless with .tgz and .tar.
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  let tar: Uint8Array;
  try {
    tar = isGzip ? await gunzipAsync(bytes) : bytes;
  } catch (error) {
    throw new Error(`${archiveName}: cannot gunzip: ${(error as Error).message}`);
  }
  const members: SourceMember[] = [];
  try {
    for (const entry of readTar(tar)) {
      members.push({ name: `${archiveName}:${entry.path}`, path: entry.path, read: async () => decoder.decode(entry.data) });
    }
  } catch (error) {
    throw new Error(`${archiveName}: ${(error as Error).message}`);
  }
  return members.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
