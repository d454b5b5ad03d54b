/**
 * `npm run server -- rename-school FROM TO`: every record of school FROM becomes school TO's, in one transaction.
 * For an endpoint that served one school and now serves a trust: its records are the school with id "school"
 * (schools/scope.ts SINGLE_SCHOOL_ID) until renamed to the id the trust's config gives that school. Run it with the
 * endpoint stopped, after writing the trust's config (so no device writes under the old id meanwhile).
 */
import { configPathFromEnv, loadConfigFile } from '../config/load';
import { SCHOOL_ID_PATTERN, TRUST_WIDE } from '../schools/scope';
import { openStore } from '../store/open-store';

export const RENAME_SCHOOL_USAGE = 'usage: npm run server -- rename-school FROM TO (e.g. rename-school school st-marys)';

/** Why the rename is refused, or null: TO must be a school id the config names (else its records would be nobody's school). */
export function renameProblem(from: string | undefined, to: string | undefined, schools: readonly { id: string }[] | undefined): string | null {
  if (!from || !to) return RENAME_SCHOOL_USAGE;
  if (from === to) return `"${from}" is already the school's id: nothing to rename`;
  if (to === TRUST_WIDE || !SCHOOL_ID_PATTERN.test(to)) return `"${to}" is not a school id (1-40 lowercase letters, digits or hyphens, not "${TRUST_WIDE}")`;
  if (!schools) return 'the config has no schools list: write the trust\'s schools (and each token\'s and user\'s school) in the config first';
  if (!schools.some((school) => school.id === to)) return `"${to}" is not one of the config's schools (${schools.map((school) => school.id).join(', ')})`;
  return null;
}

/** A unique key refused the rename: SQLite's constraint errors, PostgreSQL's unique_violation (23505). */
function isUniqueClash(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || code === '23505');
}

export async function renameSchoolCommand(args: readonly string[]): Promise<number> {
  const [from, to] = args;
  const config = loadConfigFile(configPathFromEnv());
  const problem = renameProblem(from, to, config.schools);
  if (problem) {
    console.error(problem);
    return 2;
  }
  const store = await openStore(config);
  try {
    const moved = await store.schools.rename(from!, to!);
    const total = moved.reduce((sum, { rows }) => sum + rows, 0);
    console.log(`Moved ${total} record${total === 1 ? '' : 's'} from school "${from}" to "${to}":`);
    for (const { table, rows } of moved) console.log(`  ${table}: ${rows}`);
    return 0;
  } catch (error) {
    if (!isUniqueClash(error)) throw error;
    // TO already holds the same class and pupil, or the same site on a list: the transaction changed nothing.
    console.error(`Nothing was renamed: "${to}" already holds a record "${from}" also holds (${(error as Error).message}); remove one of them first`);
    return 1;
  } finally {
    await store.close();
  }
}
