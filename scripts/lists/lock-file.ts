/** Reading and writing rules/lists.lock.json (or the copy a test names with --lock). */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatListsLock, type ListsLock, parseListsLock } from '../../src/filter/lists/lock';
import { readableName } from '../import/readable-name';

export const DEFAULT_LOCK = join(import.meta.dirname, '..', '..', 'rules', 'lists.lock.json');

export async function readLock(path: string): Promise<ListsLock> {
  const name = readableName(path);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`${name}: cannot read the lists lock (${error.code ?? error.message})`);
  });
  return parseListsLock(text, name);
}

/** Whole or not at all: a killed run never leaves half a lock. */
export async function writeLock(path: string, lock: ListsLock): Promise<void> {
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, formatListsLock(lock));
  await rename(temporary, path);
}
