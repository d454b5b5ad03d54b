/**
 * Where a build's lists came from, for reports: the first line of the
 * SOURCE.txt beside each local source (../shared/lists keeps one per list
 * folder: upstream, commit, licence), or the URL itself.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isUrl } from './readable-name';
import { loadSourcesFile, type SourcesFile } from './sources';

export async function listOrigins(sourceFiles: readonly (string | SourcesFile)[]): Promise<string[]> {
  const origins = new Set<string>();
  for (const path of sourceFiles) {
    const file = typeof path === 'string' ? await loadSourcesFile(path) : path;
    for (const source of file.sources) {
      if (isUrl(source.from)) {
        origins.add(source.from);
        continue;
      }
      const absolute = resolve(file.dir, source.from);
      if (!existsSync(absolute)) continue;
      const folder = statSync(absolute).isDirectory() ? absolute : dirname(absolute);
      const note = join(folder, 'SOURCE.txt');
      if (existsSync(note)) origins.add(readFileSync(note, 'utf8').split('\n')[0]!.trim());
    }
  }
  return [...origins];
}
