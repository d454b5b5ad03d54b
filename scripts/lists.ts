/**
 * `npm run lists`: the default list set, as rules/lists.lock.json pins it.
 *
 *   npm run lists                      fetch every pinned file into rules/cache (verified by sha256;
 *                                      files already there and verified are kept, not fetched again)
 *   npm run lists -- update [ID ...]   move the pins to each upstream's newest commit (or only those
 *                                      named), verify, rewrite the lock and the README's list table,
 *                                      fill the cache, and print per category what was added and removed
 *
 * Options (after `--`):
 *   --lock FILE    another lock (tests work on a copy); the README is only rewritten for the repository's own
 *   --cache DIR    another cache folder instead of rules/cache
 *   --mirror URL   send every request to this origin instead of raw.githubusercontent.com and
 *                  api.github.com, with the same paths (also SCHOOL_FILTER_LISTS_MIRROR)
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatChanges } from '../src/filter/lists/diff';
import { githubOrigins } from '../src/filter/lists/github';
import { pinnedFiles } from '../src/filter/lists/lock';
import { readableName } from './import/readable-name';
import { DEFAULT_CACHE_DIR } from './lists/cache';
import { fetchPinned } from './lists/fetch-pinned';
import { PATIENT } from './lists/http';
import { DEFAULT_LOCK, readLock, writeLock } from './lists/lock-file';
import { mirrorFromEnvironment } from './lists/mirror';
import { writeListsReadme } from './lists/readme';
import { updateLock } from './lists/update';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { lock: { type: 'string' }, cache: { type: 'string' }, mirror: { type: 'string' } },
});

const lockPath = resolve(args.lock ?? DEFAULT_LOCK);
const cacheDir = resolve(args.cache ?? DEFAULT_CACHE_DIR);
const mirror = args.mirror ?? mirrorFromEnvironment();
const origins = githubOrigins(mirror || undefined);
const [command = 'fetch', ...rest] = positionals;

async function fetchCommand(): Promise<void> {
  const started = performance.now();
  const lock = await readLock(lockPath);
  const files = pinnedFiles(lock, readableName(lockPath));
  if (mirror) console.log(`lists: using the mirror ${mirror}`);
  const report = await fetchPinned(files, { cacheDir, origins, deadlines: PATIENT });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `lists: ${files.length} files of ${Object.keys(lock.upstreams).length} lists pinned by ${readableName(lockPath)} are in ${readableName(cacheDir)}: ` +
      `${report.fetched.length} fetched (${(report.bytesFetched / 1e6).toFixed(1)} MB), ${report.kept.length} already there; all verified by sha256 in ${seconds} s`,
  );
}

async function updateCommand(only: string[]): Promise<void> {
  const lock = await readLock(lockPath);
  if (mirror) console.log(`lists: using the mirror ${mirror}`);
  const result = await updateLock(lock, { cacheDir, origins, deadlines: PATIENT, only });
  for (const move of result.moves) console.log(`lists: ${move}`);
  for (const note of result.notes) console.log(`lists: note: ${note}`);
  console.log('lists: changes per category (entries the build reads, before cleaning):');
  for (const line of formatChanges(result.changes)) console.log(line);
  await writeLock(lockPath, result.lock);
  console.log(`lists: wrote ${readableName(lockPath)}; the cache holds the new files`);
  if (lockPath === resolve(DEFAULT_LOCK)) {
    await writeListsReadme(result.lock);
    console.log('lists: README list table updated');
  }
  console.log('lists: review the changes above, then rebuild, sign and publish (docs/deploying.md, "Refreshing the lists")');
}

try {
  if (command === 'fetch' && rest.length === 0) await fetchCommand();
  else if (command === 'update') await updateCommand(rest);
  else if (command === 'readme' && rest.length === 0) await writeListsReadme(await readLock(lockPath));
  else throw new Error(`lists: unknown command ${positionals.join(' ')}: use \`npm run lists\`, \`npm run lists -- update [ID ...]\` or \`npm run lists -- readme\``);
} catch (error) {
  console.error(`lists: ERROR: ${(error as Error).message}`);
  process.exitCode = 1;
}
