/**
 * `npm run server -- backup FILE`: a consistent copy of the database while
 * the endpoint runs, with SQLite's online backup API (copying the file by
 * hand can catch it mid-write and miss what is still in the WAL).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { configPathFromEnv, loadConfigFile } from '../config/load';
import { databasePath } from '../store/sqlite/open';

export async function backupDatabase(dataDir: string, destination: string): Promise<number> {
  const source = databasePath(dataDir);
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const result = await db.backup(destination);
    return result.totalPages;
  } finally {
    db.close();
  }
}

export async function backupCommand(destination: string | undefined): Promise<number> {
  if (!destination) {
    console.error('usage: npm run server -- backup FILE');
    return 2;
  }
  const config = loadConfigFile(configPathFromEnv());
  if (config.database.engine === 'postgres') {
    // PostgreSQL's own tools take a consistent copy of a running database; this command copies the SQLite file.
    console.error('The database is PostgreSQL: back it up with pg_dump (server/README.md, "Storage engine").');
    return 2;
  }
  const target = resolve(destination);
  const pages = await backupDatabase(config.dataDir, target);
  console.log(`Backed up ${pages} pages to ${target}`);
  return 0;
}
