/**
 * Every schema version, oldest first, each with its SQLite and PostgreSQL SQL (./migration.ts). Each
 * engine applies the versions it has not yet recorded, in order, one transaction each
 * (sqlite/migrations.ts, postgres/migrations.ts). To change the schema, add vN.ts and list it here.
 */
import type { Migration } from './migration';
import { v1 } from './v1';
import { v2 } from './v2';
import { v3 } from './v3';
import { v4 } from './v4';
import { v5 } from './v5';
import { v6 } from './v6';
import { v7 } from './v7';
import { v8 } from './v8';
import { v9 } from './v9';
import { v10 } from './v10';
import { v11 } from './v11';
import { v12 } from './v12';
import { v13 } from './v13';

export type { Migration } from './migration';

export const MIGRATIONS: readonly Migration[] = [v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13];

/** The newest version this endpoint knows; a database newer than this is refused (a newer endpoint wrote it). */
export function newestKnownVersion(migrations: readonly Migration[]): number {
  return Math.max(0, ...migrations.map((migration) => migration.version));
}

export function newerDatabaseMessage(newest: number, known: number): string {
  return `The database is at schema version ${newest}, newer than this endpoint knows (${known}): run the newer endpoint or restore a backup.`;
}
