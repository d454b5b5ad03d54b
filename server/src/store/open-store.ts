/** Opens the engine the config names (config/database.ts): SQLite in the data directory, or PostgreSQL at its URL. */
import type { Config } from '../config/schema';
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { Store } from './store';

export async function openStore(config: Pick<Config, 'database' | 'dataDir'>): Promise<Store> {
  return config.database.engine === 'postgres' ? openPostgresStore(config.database.url) : openSqliteStore(config.dataDir);
}
