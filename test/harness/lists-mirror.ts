/**
 * A loopback mirror of the default set's upstreams, for unit, server and e2e
 * tests: a real HTTP server on 127.0.0.1 that serves ../shared/lists under the
 * paths GitHub uses, so `npm run lists -- --mirror URL` speaks exactly the
 * protocol it speaks to GitHub:
 *   GET /<owner>/<repo>/<commit>/<path>                    raw file (raw.githubusercontent.com)
 *   GET /repos/<owner>/<repo>/commits/HEAD                 {"sha": newest commit} (api.github.com)
 *   GET /repos/<owner>/<repo>/git/trees/<commit>?recursive=1  blobs with their git ids
 *
 * Each repository has two revisions: `pinned`, the commit its SOURCE.txt
 * names, serving the shared files as they are, and `older`, a made-up earlier
 * commit where one line in sixteen (chosen by a hash of the line) had a
 * different entry: `retired-<entry>`. So moving from older to pinned adds the
 * real entries and removes the retired ones, in every format the lists use.
 *
 * Nothing here reads the lock or calls the code under test: the layout below
 * is how each upstream's files are named in ../shared/lists.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const SHARED_LISTS = join(ROOT, '..', 'shared', 'lists');

export type MirrorRevision = 'pinned' | 'older';

interface Layout {
  github: string;
  dir: string;
  /** The upstream path of a file in the shared folder, or undefined when the upstream has no such file. */
  upstreamPath(name: string): string | undefined;
}

const LAYOUT: Layout[] = [
  {
    // UT1's own tarball and the olbat mirror both nest: blacklists/<category>/domains; the shared copy flattens them.
    github: 'olbat/ut1-blacklists',
    dir: 'ut1',
    upstreamPath: (name) => {
      const match = /^(.+)\.(domains|urls)$/.exec(name);
      return match ? `blacklists/${match[1]}/${match[2]}` : undefined;
    },
  },
  {
    github: 'ShadowWhisperer/BlockLists',
    dir: 'shadowwhisperer',
    upstreamPath: (name) => (name.endsWith('.txt') && name !== 'SOURCE.txt' ? `RAW/${name.slice(0, -'.txt'.length)}` : undefined),
  },
  { github: 'nextdns/services', dir: 'services', upstreamPath: (name) => (name === 'SOURCE.txt' ? undefined : `services/${name}`) },
  {
    github: '4skinSkywalker/Anti-Porn-HOSTS-File',
    dir: 'antiporn-hosts',
    upstreamPath: (name) => (name === 'HOSTS.txt' || name === 'LICENSE' ? name : undefined),
  },
];

/** The file in ../shared/lists (relative to it, as `ut1/gambling.domains`) that a mirrored upstream path serves. */
export function sharedFileOf(github: string, upstreamPath: string): string | undefined {
  const layout = LAYOUT.find((entry) => entry.github === github);
  if (!layout) return undefined;
  const name = readdirSync(join(SHARED_LISTS, layout.dir)).find((candidate) => layout.upstreamPath(candidate) === upstreamPath);
  return name && `${layout.dir}/${name}`;
}

interface MirroredRepo {
  github: string;
  revisions: Record<MirrorRevision, string>;
  /** Upstream path to the shared file. */
  files: Map<string, string>;
}

/** FNV-1a: a stable, dependency-free choice of which lines the older revision changes. */
function lineHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** Whether the older revision has `retired-<entry>` where the pinned one has this line. */
export function changedInOlder(line: string): boolean {
  const content = line.trim();
  return content !== '' && !content.startsWith('#') && lineHash(content) % 16 === 0;
}

/** The older revision of a file: its last word prefixed with `retired-` on each changed line. */
export function olderText(text: string): string {
  return text
    .split('\n')
    .map((line) => (changedInOlder(line) ? line.replace(/(^|\s)(\S+)(\s*)$/, '$1retired-$2$3') : line))
    .join('\n');
}

function readRepos(): MirroredRepo[] {
  return LAYOUT.map((layout) => {
    const dir = join(SHARED_LISTS, layout.dir);
    const source = readFileSync(join(dir, 'SOURCE.txt'), 'utf8');
    const pinned = /\b[0-9a-f]{40}\b/.exec(source)?.[0];
    if (!pinned) throw new Error(`${join(dir, 'SOURCE.txt')}: names no commit`);
    const older = createHash('sha1').update(`older than ${pinned}`).digest('hex');
    const files = new Map<string, string>();
    for (const name of readdirSync(dir).sort()) {
      const path = layout.upstreamPath(name);
      if (path) files.set(path, join(dir, name));
    }
    return { github: layout.github, revisions: { pinned, older }, files };
  });
}

export interface ListsMirror {
  /** The origin to pass as `--mirror`. */
  url: string;
  /** Every request's path (and query), in order. */
  requests: string[];
  /** Per repository (`owner/repo`): the commit ids of its two revisions. */
  revisions: Record<string, Record<MirrorRevision, string>>;
  /** What the commits API reports as newest (default `pinned`). */
  setNewest(revision: MirrorRevision): void;
  /** A file's bytes at a revision, as the mirror serves them; undefined when it has no such file. */
  file(github: string, revision: MirrorRevision, path: string): Buffer | undefined;
  /** From now on serve other bytes for this file at every revision (the tree still names the true blob). */
  tamper(github: string, path: string): void;
  /** Newest back to `pinned`, nothing tampered. */
  reset(): void;
  close(): Promise<void>;
}

export async function startListsMirror(): Promise<ListsMirror> {
  if (!existsSync(SHARED_LISTS)) throw new Error(`${SHARED_LISTS} is missing: the lists mirror serves ../shared/lists`);
  const repos = new Map(readRepos().map((repo) => [repo.github, repo]));
  const requests: string[] = [];
  const tampered = new Set<string>();
  const cache = new Map<string, Buffer>();
  let newest: MirrorRevision = 'pinned';

  const revisionOf = (repo: MirroredRepo, commit: string): MirrorRevision | undefined =>
    (Object.keys(repo.revisions) as MirrorRevision[]).find((which) => repo.revisions[which] === commit);

  const file = (github: string, revision: MirrorRevision, path: string): Buffer | undefined => {
    const local = repos.get(github)?.files.get(path);
    if (!local) return undefined;
    const key = `${revision} ${local}`;
    let bytes = cache.get(key);
    if (!bytes) {
      const pinned = readFileSync(local);
      bytes = revision === 'pinned' ? pinned : Buffer.from(olderText(pinned.toString('utf8')), 'utf8');
      cache.set(key, bytes);
    }
    return bytes;
  };

  const send = (res: http.ServerResponse, status: number, body: Buffer | string, type: string) => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const json = (res: http.ServerResponse, status: number, value: unknown) => send(res, status, JSON.stringify(value), 'application/json');

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mirror');
    requests.push(`${url.pathname}${url.search}`);
    const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
    if (parts[0] === 'repos') {
      const repo = repos.get(`${parts[1]}/${parts[2]}`);
      if (repo && parts[3] === 'commits' && parts[4] === 'HEAD' && parts.length === 5) return json(res, 200, { sha: repo.revisions[newest] });
      const revision = repo && parts[3] === 'git' && parts[4] === 'trees' && parts.length === 6 ? revisionOf(repo, parts[5]!) : undefined;
      if (repo && revision) {
        const tree = [...repo.files.keys()].map((path) => {
          const bytes = file(repo.github, revision, path)!;
          const blob = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
          return { path, mode: '100644', type: 'blob', sha: blob, size: bytes.length };
        });
        return json(res, 200, { sha: repo.revisions[revision], tree, truncated: false });
      }
      return json(res, 404, { message: 'Not Found' });
    }
    const repo = repos.get(`${parts[0]}/${parts[1]}`);
    const revision = repo ? revisionOf(repo, parts[2] ?? '') : undefined;
    const path = parts.slice(3).join('/');
    const bytes = repo && revision ? file(repo.github, revision, path) : undefined;
    if (!repo || !bytes) return send(res, 404, '404: Not Found', 'text/plain');
    const body = tampered.has(`${repo.github} ${path}`) ? Buffer.concat([bytes, Buffer.from('tampered.example\n')]) : bytes;
    return send(res, 200, body, 'text/plain; charset=utf-8');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    revisions: Object.fromEntries([...repos].map(([github, repo]) => [github, { ...repo.revisions }])),
    setNewest: (revision) => {
      newest = revision;
    },
    file,
    tamper: (github, path) => {
      tampered.add(`${github} ${path}`);
    },
    reset: () => {
      newest = 'pinned';
      tampered.clear();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A copy of a lock (as plain JSON) pinned at one of the mirror's revisions:
 * each mirrored upstream's revision, and each file's sha256 and size, from the
 * bytes the mirror serves there. For a test that starts from the older pins.
 */
export function lockAtRevision<T>(lock: T, mirror: ListsMirror, revision: MirrorRevision): T {
  const copy = structuredClone(lock) as { upstreams: Record<string, { github: string; revision: string; files: Record<string, { sha256?: string; bytes?: number }> }> };
  for (const upstream of Object.values(copy.upstreams)) {
    const commits = mirror.revisions[upstream.github];
    if (!commits) continue;
    upstream.revision = commits[revision];
    for (const [path, entry] of Object.entries(upstream.files)) {
      const bytes = mirror.file(upstream.github, revision, path);
      if (!bytes) throw new Error(`the mirror has no ${upstream.github} ${path}`);
      entry.sha256 = createHash('sha256').update(bytes).digest('hex');
      entry.bytes = bytes.length;
    }
  }
  return copy as T;
}

/** A loopback origin where nothing listens: "offline" without leaving the machine. */
export async function unusedOrigin(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
