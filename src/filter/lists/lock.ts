/**
 * The lists lock (rules/lists.lock.json): the package-lock of the default list
 * set. Each upstream is a GitHub repository at a fixed commit; each file the
 * set uses has its sha256 and size, the category it feeds and its format.
 * Licence, copyright and attribution travel with the pin, because the build
 * must show them wherever the lists end up. One zod schema is the truth.
 *
 * A file without sha256 and bytes is "not pinned yet": `npm run lists --
 * update` pins it; fetching refuses it.
 */
import { z } from 'zod';
import { CATEGORY_IDS, type CategoryId } from '../../shared/categories';
import { parseJsonText } from '../../shared/parse-json';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256: 64 lowercase hex digits');
const commit = z.string().regex(/^[0-9a-f]{40}$/, 'a full commit id: 40 lowercase hex digits');
// Paths become cache paths: no way out of the upstream's folder, no surprises on Windows.
const filePath = z
  .string()
  .regex(/^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._\/-]+$/, 'a relative path inside the repository (letters, digits, . _ - /; no "." or ".." parts)');
const upstreamId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and -');
const comment = z.string().optional();

const lockedFile = z
  .strictObject({
    category: z.enum(CATEGORY_IDS),
    format: z.enum(['domains', 'hosts', 'urls', 'adblock']),
    sha256: sha256.optional(),
    bytes: z.number().int().nonnegative().optional(),
    $comment: comment,
  })
  .refine((file) => (file.sha256 === undefined) === (file.bytes === undefined), 'sha256 and bytes are set together (both, or neither while not pinned yet)');

const licence = z.strictObject({
  /** SPDX id; rules/licences/<id>.txt, when it exists, is the notice copies must carry. */
  id: z.string().min(1),
  name: z.string().min(1),
  url: z.url(),
});

const upstream = z.strictObject({
  name: z.string().min(1),
  /** Why the set includes it: what it adds that the others do not. */
  why: z.string().min(1),
  homepage: z.url(),
  github: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'owner/repository'),
  revision: commit,
  licence,
  copyright: z.string().min(1),
  /** The credit line shown in the README and the built extension. */
  attribution: z.string().min(1),
  /** For share-alike licences: what the adapted material (the rulesets) is licensed under. */
  adaptation: z.string().optional(),
  files: z.record(filePath, lockedFile).refine((files) => Object.keys(files).length > 0, 'an upstream pins at least one file'),
  $comment: comment,
});

export const listsLockSchema = z.strictObject({
  $comment: comment,
  lockfileVersion: z.literal(1),
  upstreams: z.record(upstreamId, upstream),
});

export type ListsLock = z.infer<typeof listsLockSchema>;
export type LockedUpstream = z.infer<typeof upstream>;
export type LockedFile = z.infer<typeof lockedFile>;

/** One file of the set, flattened with its upstream's id and revision. */
export interface PinnedFile {
  upstream: string;
  github: string;
  revision: string;
  path: string;
  category: CategoryId;
  format: LockedFile['format'];
  sha256: string;
  bytes: number;
}

/** Throws one error listing every problem, each with its place in the file. */
export function parseListsLock(text: string, name: string): ListsLock {
  return parseJsonText(listsLockSchema, text, name, 'lists lock');
}

/** Files that have no sha256 yet, as `upstream:path`. */
export function unpinnedFiles(lock: ListsLock): string[] {
  return Object.entries(lock.upstreams).flatMap(([id, up]) =>
    Object.entries(up.files)
      .filter(([, file]) => file.sha256 === undefined)
      .map(([path]) => `${id}:${path}`),
  );
}

/** Every file of the set in lock order; throws when any is not pinned yet. */
export function pinnedFiles(lock: ListsLock, name: string): PinnedFile[] {
  const unpinned = unpinnedFiles(lock);
  if (unpinned.length > 0) {
    throw new Error(`${name}: ${unpinned.length} files are not pinned yet (${unpinned.slice(0, 3).join(', ')}${unpinned.length > 3 ? ', ...' : ''}): run \`npm run lists -- update\` to pin them`);
  }
  return Object.entries(lock.upstreams).flatMap(([id, up]) =>
    Object.entries(up.files).map(([path, file]) => ({
      upstream: id,
      github: up.github,
      revision: up.revision,
      path,
      category: file.category,
      format: file.format,
      sha256: file.sha256!,
      bytes: file.bytes!,
    })),
  );
}

/**
 * The lock as written to disk: two-space JSON, a final newline, and every
 * object's keys in one order whatever order they were read or set in, so a
 * rewrite changes only what changed and a review diff shows just that.
 */
export function formatListsLock(lock: ListsLock): string {
  const ordered = {
    $comment: lock.$comment,
    lockfileVersion: lock.lockfileVersion,
    upstreams: Object.fromEntries(
      Object.entries(lock.upstreams).map(([id, up]) => [
        id,
        {
          name: up.name,
          why: up.why,
          $comment: up.$comment,
          homepage: up.homepage,
          github: up.github,
          revision: up.revision,
          licence: { id: up.licence.id, name: up.licence.name, url: up.licence.url },
          copyright: up.copyright,
          attribution: up.attribution,
          adaptation: up.adaptation,
          files: Object.fromEntries(
            Object.entries(up.files).map(([path, file]) => [path, { category: file.category, format: file.format, $comment: file.$comment, sha256: file.sha256, bytes: file.bytes }]),
          ),
        },
      ]),
    ),
  };
  // JSON.stringify leaves out the undefined ones.
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
