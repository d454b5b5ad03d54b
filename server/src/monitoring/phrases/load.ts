/**
 * Reads the built-in lists (server/risk-phrases/) and a school's own files, checks every one, and
 * compiles them into one matcher. Anything wrong is refused, every problem at once, each naming
 * its file and entry: a school's file with a typo must stop the endpoint starting, not lose an
 * entry nobody knows is missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import type { RiskMatcher } from '../risks';
import { compileRiskLists, type CheckedList } from './compile';
import { parsePhrase } from './pattern';
import { riskListSchema, type RiskListFile } from './schema';

/** The lists the project maintains (data, not code: see its README.md). */
export const BUILT_IN_RISK_PHRASES_DIR = resolve(import.meta.dirname, '..', '..', '..', 'risk-phrases');

export class RiskPhraseError extends Error {
  override name = 'RiskPhraseError';
}

export function builtInRiskPhraseFiles(): string[] {
  return readdirSync(BUILT_IN_RISK_PHRASES_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(BUILT_IN_RISK_PHRASES_DIR, name));
}

/** "entry "suicide/en/intent" (entries[3])", or the file's top level, for a problem at `path`. */
function where(raw: unknown, path: readonly PropertyKey[]): string {
  if (path[0] !== 'entries' || typeof path[1] !== 'number') return path.length > 0 ? path.join('.') : '(top level)';
  const entry = (raw as { entries?: unknown[] }).entries?.[path[1]] as { id?: unknown } | undefined;
  const name = typeof entry?.id === 'string' ? `entry "${entry.id}"` : 'entry with no id';
  const rest = path.slice(2).join('.');
  return `${name} (entries[${path[1]}])${rest ? `: ${rest}` : ''}`;
}

function schemaProblems(file: string, raw: unknown, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${file}: ${where(raw, issue.path)}: ${issue.message}`);
}

/** Phrases the schema accepts but the matcher cannot use (no letters, a misplaced *, too short a stem). */
function phraseProblems(file: string, list: RiskListFile): string[] {
  const problems: string[] = [];
  const check = (phrase: string, label: string) => {
    const parsed = parsePhrase(phrase);
    if ('problem' in parsed) problems.push(`${file}: ${label}: ${parsed.problem}`);
  };
  list.exclusions.forEach((phrase, i) => check(phrase, `exclusions.${i}`));
  list.entries.forEach((entry, e) => {
    const label = `entry "${entry.id}" (entries[${e}])`;
    entry.phrases.forEach((phrase, i) => check(phrase, `${label}: phrases.${i}`));
    entry.exclusions.forEach((phrase, i) => check(phrase, `${label}: exclusions.${i}`));
    entry.combinations.forEach((combination, c) => combination.allOf.forEach((group, g) => group.forEach((phrase, i) => check(phrase, `${label}: combinations.${c}.allOf.${g}.${i}`))));
  });
  return problems;
}

/** One file checked: the list, or every problem in it. */
export function readRiskListFile(file: string): { list: RiskListFile } | { problems: string[] } {
  if (!existsSync(file)) return { problems: [`${file}: no such risk phrase file`] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { problems: [`${file}: not valid JSON: ${(error as Error).message}`] };
  }
  const result = riskListSchema.safeParse(raw);
  if (!result.success) return { problems: schemaProblems(file, raw, result.error) };
  const problems = phraseProblems(file, result.data);
  return problems.length > 0 ? { problems } : { list: result.data };
}

/** Checks the files together (ids are unique across all of them) and compiles them. */
export function loadRiskLists(files: readonly string[]): CheckedList[] {
  const problems: string[] = [];
  const lists: CheckedList[] = [];
  const idFiles = new Map<string, string>();
  for (const file of files) {
    const read = readRiskListFile(file);
    if ('problems' in read) {
      problems.push(...read.problems);
      continue;
    }
    read.list.entries.forEach((entry, e) => {
      const other = idFiles.get(entry.id);
      if (other !== undefined) problems.push(`${file}: entry "${entry.id}" (entries[${e}]): id is already used in ${other}`);
      idFiles.set(entry.id, file);
    });
    lists.push({ risk: read.list.risk, exclusions: read.list.exclusions, entries: read.list.entries });
  }
  if (problems.length > 0) throw new RiskPhraseError(`Invalid risk phrase lists:\n${problems.join('\n')}`);
  return lists;
}

/**
 * The matcher for the built-in lists plus a school's own files (config `riskPhrases.extraFiles`,
 * already made absolute by the config loader). Throws RiskPhraseError naming every bad file and entry.
 */
export function loadRiskMatcher(extraFiles: readonly string[] = []): RiskMatcher & { phraseCount: number; entryCount: number } {
  return compileRiskLists(loadRiskLists([...builtInRiskPhraseFiles(), ...extraFiles]));
}
