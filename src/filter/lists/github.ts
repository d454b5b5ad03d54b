/**
 * Where the lists come from: GitHub's own protocol, so a pin is checkable by
 * anyone with a browser. Files are raw blobs at a commit; the newest commit
 * and the blob ids of a commit's files come from the REST API. A mirror
 * (tests, or a school's own cache server) answers the same paths on one
 * origin, so `--mirror URL` swaps the origins and keeps every path.
 */
export const GITHUB_RAW_ORIGIN = 'https://raw.githubusercontent.com';
export const GITHUB_API_ORIGIN = 'https://api.github.com';

export interface Origins {
  raw: string;
  api: string;
}

export function githubOrigins(mirror?: string): Origins {
  if (!mirror) return { raw: GITHUB_RAW_ORIGIN, api: GITHUB_API_ORIGIN };
  const origin = mirror.replace(/\/+$/, '');
  return { raw: origin, api: origin };
}

function encodedPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** `https://raw.githubusercontent.com/<owner>/<repo>/<commit>/<path>` */
export function rawFileUrl(origins: Origins, github: string, revision: string, path: string): string {
  return `${origins.raw}/${github}/${revision}/${encodedPath(path)}`;
}

/** `GET /repos/<owner>/<repo>/commits/HEAD` answers the default branch's newest commit as `sha`. */
export function newestCommitUrl(origins: Origins, github: string): string {
  return `${origins.api}/repos/${github}/commits/HEAD`;
}

/** `GET /repos/<owner>/<repo>/git/trees/<commit>?recursive=1` lists every blob with its git id. */
export function treeUrl(origins: Origins, github: string, revision: string): string {
  return `${origins.api}/repos/${github}/git/trees/${revision}?recursive=1`;
}

/** The page a person opens to see the pinned revision. */
export function commitPageUrl(github: string, revision: string): string {
  return `https://github.com/${github}/tree/${revision}`;
}
