/** Names for sources in reports: short enough to read, exact enough to find. */
import { isAbsolute, relative, sep } from 'node:path';

/** Relative to the working directory when inside it, otherwise absolute. */
export function readableName(absolutePath: string): string {
  const fromCwd = relative(process.cwd(), absolutePath);
  // `../../../srv/list.txt` reads worse than `/srv/list.txt`.
  const outside = fromCwd === '' || fromCwd === '..' || fromCwd.startsWith(`..${sep}`) || isAbsolute(fromCwd);
  return outside ? absolutePath : fromCwd;
}

export function isUrl(from: string): boolean {
  return /^https?:\/\//i.test(from);
}

/** By name only: a URL's query does not count, so `x.tar.gz?token=1` is still a tarball. */
export function isTarball(from: string): boolean {
  return /\.(tar\.gz|tgz|tar)$/i.test(isUrl(from) ? new URL(from).pathname : from);
}
