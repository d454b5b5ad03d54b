/** Rewrites the README's table of the default list set from the lock. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withListsTable } from '../../src/filter/lists/attribution';
import type { ListsLock } from '../../src/filter/lists/lock';

export const README = join(import.meta.dirname, '..', '..', 'README.md');

export async function writeListsReadme(lock: ListsLock, path = README): Promise<void> {
  const before = await readFile(path, 'utf8');
  const after = withListsTable(before, lock);
  if (after !== before) await writeFile(path, after);
}
