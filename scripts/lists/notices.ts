/** The licence notices copies must carry, by SPDX id: rules/licences/<id>.txt. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LICENCES_DIR = join(import.meta.dirname, '..', '..', 'rules', 'licences');

export async function licenceNotices(dir = LICENCES_DIR): Promise<Record<string, string>> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.txt'));
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name.slice(0, -'.txt'.length), await readFile(join(dir, name), 'utf8')] as const)));
}
