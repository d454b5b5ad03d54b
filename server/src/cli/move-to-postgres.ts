/**
 * `npm run server -- move-to-postgres [--from FILE] [--to-url-file FILE | --to-url-env NAME]`: copies the
 * school's SQLite database (dataDir's, or FILE) into PostgreSQL (the database config.json names, or the URL in
 * FILE or the environment variable NAME: never on the command line, where the password would sit in the shell's
 * history). The steps around it (backup, stop, config, start, going back) are in server/README.md, "Moving from
 * SQLite to PostgreSQL"; the copy itself is store/move/move.ts.
 */
import { resolve } from 'node:path';
import { configPathFromEnv, loadConfigFile } from '../config/load';
import { describeDatabase, resolveDatabase } from '../config/database';
import type { Config } from '../config/schema';
import { databasePath } from '../store/sqlite/open';
import { moveToPostgres, MoveRefused, type MovedTable } from '../store/move/move';

export const MOVE_USAGE = 'npm run server -- move-to-postgres [--from SQLITE_FILE] [--to-url-file FILE | --to-url-env NAME]';

export const PROGRESS_EVERY_ROWS = 100_000;

type Parsed = { from: string | undefined; urlFile: string | undefined; urlEnv: string | undefined };

export function parseMoveArgs(args: readonly string[]): Parsed | string {
  const parsed: Parsed = { from: undefined, urlFile: undefined, urlEnv: undefined };
  const flags = { '--from': 'from', '--to-url-file': 'urlFile', '--to-url-env': 'urlEnv' } as const;
  for (let at = 0; at < args.length; at += 2) {
    const key = flags[args[at] as keyof typeof flags];
    const value = args[at + 1];
    if (!key || value === undefined || value.startsWith('--')) return `usage: ${MOVE_USAGE}`;
    parsed[key] = value;
  }
  if (parsed.urlFile !== undefined && parsed.urlEnv !== undefined) return 'give one of --to-url-file and --to-url-env';
  return parsed;
}

/** The PostgreSQL URL to move into: from the flags (read like config.json's urlFile/urlEnv), else the config's own database. */
function targetUrl(parsed: Parsed, config: () => Config): { url: string } | { problem: string } {
  if (parsed.urlFile !== undefined || parsed.urlEnv !== undefined) {
    const resolved = resolveDatabase({ engine: 'postgres', urlFile: parsed.urlFile, urlEnv: parsed.urlEnv }, process.cwd(), process.env);
    if ('issue' in resolved) return { problem: `${parsed.urlFile !== undefined ? '--to-url-file' : '--to-url-env'}: ${resolved.issue.message}` };
    return resolved.settings.engine === 'postgres' ? { url: resolved.settings.url } : { problem: 'no PostgreSQL URL' };
  }
  const { database } = config();
  if (database.engine === 'postgres') return { url: database.url };
  return { problem: 'config.json names SQLite as the database: set "database" to {"engine": "postgres", "urlFile": ...} first, or give --to-url-file FILE or --to-url-env NAME' };
}

export function summaryLines(moved: readonly MovedTable[]): string[] {
  const width = Math.max(...moved.map((table) => table.table.length));
  const total = moved.reduce((sum, table) => sum + table.rows, 0);
  return [
    `${'table'.padEnd(width)}  ${'rows'.padStart(12)}  checksum (the same on both sides)`,
    ...moved.map((table) => `${table.table.padEnd(width)}  ${table.rows.toLocaleString('en-GB').padStart(12)}  ${table.checksum}`),
    `Moved ${total.toLocaleString('en-GB')} rows in ${moved.length} tables, each checked.`,
  ];
}

export async function moveToPostgresCommand(args: readonly string[]): Promise<number> {
  const parsed = parseMoveArgs(args);
  if (typeof parsed === 'string') {
    console.error(parsed);
    return 2;
  }
  // Read only when a flag leaves something to it: with --from and a --to-url flag, no config file is needed.
  let loaded: Config | undefined;
  const config = () => (loaded ??= loadConfigFile(configPathFromEnv()));
  const target = targetUrl(parsed, config);
  if ('problem' in target) {
    console.error(target.problem);
    return 2;
  }
  const sqliteFile = parsed.from !== undefined ? resolve(parsed.from) : databasePath(config().dataDir);
  const into = describeDatabase({ engine: 'postgres', url: target.url }, '');
  console.log(`Moving ${sqliteFile} into ${into}.`);
  console.log('Every endpoint process must be stopped: records sent during the move would not be in the copy (the move checks, and stops if the file changes).');
  let lastTable = '';
  try {
    const moved = await moveToPostgres({
      sqliteFile,
      postgresUrl: target.url,
      progress: ({ table, rows }) => {
        if (table !== lastTable || rows % PROGRESS_EVERY_ROWS === 0) console.log(`  ${table}: ${rows.toLocaleString('en-GB')} rows...`);
        lastTable = table;
      },
    });
    console.log(summaryLines(moved).join('\n'));
    console.log(`Next: make sure config.json's "database" names ${into}, then start the endpoint (npm run server). ${sqliteFile} is unchanged.`);
    return 0;
  } catch (error) {
    if (!(error instanceof MoveRefused)) throw error;
    console.error(error.message);
    return 1;
  }
}
