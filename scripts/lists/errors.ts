/**
 * A lists failure that names the list and the file, so whoever reads the
 * build log knows what to look at. `unreachable` is the one kind a production
 * build survives (it builds on the seed lists and says so); the others mean
 * the lock or the upstream is wrong and stop the run.
 */
export type ListsErrorKind = 'unreachable' | 'refused' | 'mismatch' | 'gone';

export class ListsError extends Error {
  constructor(
    readonly kind: ListsErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** `ut1 (olbat/ut1-blacklists) blacklists/gambling/domains` */
export function fileLabel(file: { upstream: string; github: string; path: string }): string {
  return `${file.upstream} (${file.github}) ${file.path}`;
}
