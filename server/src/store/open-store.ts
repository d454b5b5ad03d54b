/** Opens the engine the config names (config/database.ts): SQLite in the data directory, or PostgreSQL at its URL. */
import { ingestSchema } from '../config/ingest';
import type { Config } from '../config/schema';
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { Store } from './store';

export async function openStore(config: Pick<Config, 'database' | 'dataDir'> & Partial<Pick<Config, 'ingest'>>): Promise<Store> {
  // A command that stores no events (the CLI's) may leave `ingest` out: the defaults.
  const ingest = config.ingest ?? ingestSchema.parse(undefined);
  return config.database.engine === 'postgres' ? openPostgresStore(config.database.url, ingest) : openSqliteStore(config.dataDir, ingest);
}
