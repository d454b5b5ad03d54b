/**
 * Opens (creating if needed) the endpoint's SQLite file in WAL mode: readers
 * (the dashboard) never wait for the writer (event batches), and a crash
 * loses at most the transaction in flight.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from './migrations';

export const DATABASE_FILE = 'school-endpoint.sqlite';

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

export function openDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = connectDatabase(databasePath(dataDir));
  migrate(db);
  return db;
}

/** A connection to a file already made and migrated, with the endpoint's settings: the writer thread's (writer-thread.ts), and openDatabase's. */
export function connectDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only a power cut can lose the last commits.
  db.pragma('synchronous = NORMAL');
  // An event batch dirties ~1,000+ pages (seven B-trees per row, random ids), so at SQLite's default
  // (a checkpoint, with two fsyncs, every 1,000 WAL pages) nearly every batch paid for a checkpoint.
  // Every 16,000 pages (64 MB) one checkpoint writes back many batches' pages at once: measured with
  // `npm run bench:ingest` (bench/README.md, "Endpoint ingest"). The WAL file is kept to that size after.
  db.pragma('wal_autocheckpoint = 16000');
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  db.pragma('foreign_keys = ON');
  // Another connection (the writer thread, a backup, a test reading counts) may briefly hold a lock.
  db.pragma('busy_timeout = 5000');
  return db;
}
