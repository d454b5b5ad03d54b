/**
 * The sources file: which lists feed which category, and which domains must
 * never be blocked. The repository ships rules/sources.json; a school adds its
 * own (rules/sources.local.json) for licensed or local lists. One zod schema
 * is the truth; paths in `from` are relative to the file they are written in.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { CATEGORY_IDS } from '../../src/shared/categories';
import { parseJsonText } from '../../src/shared/parse-json';
import { readableName } from './readable-name';

const from = z.string().min(1).describe('A file, a directory, or an http(s) URL; relative paths start at this file.');
const optional = z.boolean().optional().describe('A missing source is a note instead of an error.');
// JSON has no comments; `$comment` (the JSON Schema convention) says why an entry is there.
const comment = z.string().optional();
const category = z.enum(CATEGORY_IDS);

const listSource = z.strictObject({
  category,
  format: z.enum(['domains', 'hosts', 'adblock', 'urls', 'auto']),
  from,
  optional,
  $comment: comment,
});

const ut1Source = z.strictObject({
  format: z.literal('ut1'),
  from: from.describe('A UT1 tree (directory) or tarball (.tar.gz, .tgz, .tar), as a path or URL.'),
  map: z.record(z.string(), category.nullable()).optional().describe('UT1 category to ours, over the defaults; null leaves one out.'),
  only: z.array(category).optional().describe('Feed only these of our categories.'),
  optional,
  $comment: comment,
});

// Never-block takes whole domains: a URL entry cannot mean "never block this site".
const neverBlockSource = z.strictObject({
  format: z.enum(['domains', 'hosts', 'adblock', 'auto']),
  from,
  optional,
  userContent: z
    .boolean()
    .optional()
    .describe(
      "These services host what their users make (documents, forms, sites): a path-level entry naming one document there is kept. " +
        'Elsewhere never-block is trusted whole and path-level entries under it are refused.',
    ),
  $comment: comment,
});

export const sourcesFileSchema = z.strictObject({
  $schema: z.string().optional(),
  $comment: comment,
  sources: z.array(z.discriminatedUnion('format', [listSource, ut1Source])).default([]),
  neverBlock: z.array(neverBlockSource).default([]),
});

export type ListSource = z.infer<typeof listSource>;
export type Ut1Source = z.infer<typeof ut1Source>;
export type NeverBlockSource = z.infer<typeof neverBlockSource>;

export interface SourcesFile {
  /** Readable: relative to the working directory where that is shorter. */
  name: string;
  /** Absolute directory that relative `from` paths start at. */
  dir: string;
  sources: (ListSource | Ut1Source)[];
  neverBlock: NeverBlockSource[];
}

export async function loadSourcesFile(path: string): Promise<SourcesFile> {
  const absolute = resolve(path);
  const name = readableName(absolute);
  const text = await readFile(absolute, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`${name}: cannot read the sources file (${error.code ?? error.message})`);
  });
  return { name, dir: dirname(absolute), ...parseSourcesText(text, name) };
}

/** Throws one error listing every problem, each with its path inside the file. */
export function parseSourcesText(text: string, name: string): Pick<SourcesFile, 'sources' | 'neverBlock'> {
  const parsed = parseJsonText(sourcesFileSchema, text, name, 'sources file');
  return { sources: parsed.sources, neverBlock: parsed.neverBlock };
}
