/**
 * Reads the over-block audit's reference sets (rules/over-block-references.json):
 * our own lists, and UT1's benign categories taken from the UT1 source the
 * build imports (the same tree, tarball or URL), so the audit follows the
 * lists a school actually builds with.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { parseList } from '../../src/filter/import/parse-list';
import { ut1ListOf } from '../../src/filter/import/ut1';
import type { ReferenceEntry, ReferenceSet } from '../../src/filter/over-block-audit';
import { openSource } from './read-source';
import { readableName } from './readable-name';
import { loadSourcesFile, type SourcesFile } from './sources';

export const REFERENCES_FILE = join(import.meta.dirname, '..', '..', 'rules', 'over-block-references.json');

const referencesSchema = z.strictObject({
  $comment: z.string().optional(),
  references: z.array(
    z.union([
      z.strictObject({ name: z.string().min(1), why: z.string().min(3), from: z.string().min(1) }),
      z.strictObject({ name: z.string().min(1), why: z.string().min(3), ut1: z.string().min(1) }),
    ]),
  ),
});

export interface LoadedReferences {
  sets: ReferenceSet[];
  /** References skipped (no UT1 source), and lines of our own lists that are not entries. */
  notes: string[];
  /** Where the UT1 references came from, if any. */
  ut1From?: string;
}

export interface ReferenceOptions {
  /** Where the reference file is; rules/over-block-references.json by default. */
  path?: string;
  /** A UT1 tree to take the benign categories from when no source is a UT1 tree. */
  ut1Tree?: string;
}

export async function loadReferences(sourceFiles: readonly (string | SourcesFile)[], options: ReferenceOptions = {}): Promise<LoadedReferences> {
  const path = options.path ?? REFERENCES_FILE;
  const name = readableName(path);
  const parsed = referencesSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) throw new Error(`${name}: invalid reference sets:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  const notes: string[] = [];
  const sets: ReferenceSet[] = [];
  let ut1: Awaited<ReturnType<typeof openUt1>> | null = null;
  const withoutUt1: string[] = [];
  for (const reference of parsed.data.references) {
    if ('from' in reference) {
      const file = join(dirname(path), reference.from);
      const list = parseList(await readFile(file, 'utf8'), 'auto', readableName(file));
      // Our own lists must be clean: a bad line would silently shrink the audit.
      if (list.problems.length > 0) throw new Error(list.problems.map((p) => `${p.file}:${p.line}: ${p.reason}: ${p.text}`).join('\n'));
      sets.push({ name: reference.name, why: reference.why, entries: entriesOf(list) });
      continue;
    }
    ut1 ??= (await openUt1(sourceFiles)) ?? (options.ut1Tree ? await openUt1Tree(options.ut1Tree) : undefined);
    if (!ut1) {
      withoutUt1.push(reference.name);
      continue;
    }
    const members = ut1.members.filter((member) => ut1ListOf(member.path)?.ut1Category === reference.ut1);
    if (members.length === 0) {
      notes.push(`${reference.name}: skipped, UT1 category ${reference.ut1} not in ${ut1.from}`);
      continue;
    }
    const entries: ReferenceEntry[] = [];
    for (const member of members) {
      // Third-party lists carry IP addresses and junk; those lines are simply not sites to check.
      const list = parseList(await member.read(), ut1ListOf(member.path)!.format, member.name);
      entries.push(...entriesOf(list));
    }
    sets.push({ name: reference.name, why: reference.why, entries });
  }
  if (withoutUt1.length > 0) notes.push(`skipped (no UT1 source in ${sourceFiles.map((f) => (typeof f === 'string' ? readableName(f) : f.name)).join(', ')}): ${withoutUt1.join(', ')}`);
  return { sets, notes, ...(ut1 ? { ut1From: ut1.from } : {}) };
}

function entriesOf(list: { domains: string[]; urls: { host: string; path: string }[] }): ReferenceEntry[] {
  const seen = new Set<string>();
  const entries: ReferenceEntry[] = [];
  for (const entry of [...list.domains.map((host) => ({ host })), ...list.urls]) {
    const key = 'path' in entry ? `${entry.host}${entry.path}` : entry.host;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push(entry);
  }
  return entries;
}

/** The first UT1 source the sources files name, opened. */
async function openUt1Tree(tree: string) {
  const opened = await openSource(tree, process.cwd(), 'tree');
  return opened.found ? { from: tree, members: opened.members } : undefined;
}

async function openUt1(sourceFiles: readonly (string | SourcesFile)[]) {
  for (const path of sourceFiles) {
    const file = typeof path === 'string' ? await loadSourcesFile(path) : path;
    for (const source of file.sources) {
      if (source.format !== 'ut1') continue;
      const opened = await openSource(source.from, file.dir, 'tree');
      if (!opened.found) return undefined;
      return { from: source.from, members: opened.members };
    }
  }
  return undefined;
}
