import type { Store } from '../store';
import { sqliteAlertStore } from './alert-store';
import { listDevices } from './device-records';
import { sqliteEventStore } from './event-store';
import { databasePath, openDatabase } from './open';
import { startSqliteWriter, type SqliteWriter } from './writer/writer-client';
import { groupCommitter } from '../group-commit';
import { ingestSchema, type IngestSettings } from '../../config/ingest';
import { sqliteNotificationStore } from './notification-store';
import { sqliteOverrideStore } from './override-store';
import { sqlitePrivacyStore } from './privacy-store';
import { sqliteReportStore } from './report-store';
import { sqliteRosterStore } from './roster-store';
import { sqliteSchoolListStore } from './school-list-store';
import { sqliteSessionStore } from './session-store';
import { sqliteSignInStore } from './sign-in-store';
import { sqliteTokenStore } from './token-store';
import { sqliteWriteWindowStore } from './write-window-store';
import { sqliteJobStore } from './job-store';
import { sqliteSchoolStore } from './school-store';

/**
 * The embedded default: one SQLite file (WAL) in the data directory. Event batches go to a writer thread with
 * its own connection (writer/), grouped (group-commit.ts); everything else, reads and the rarer writes, stays
 * on this thread's connection, and what every upload writes there (its write-limit counts, its safeguarding
 * evidence) runs between groups, never waiting for the thread's write lock with the event loop stopped. The
 * rarer writes (reports, allowlists, sign-ins) may wait for it, at most one group's transaction.
 */
export function openSqliteStore(dataDir: string, ingest: IngestSettings = ingestSchema.parse(undefined), writerFor: (path: string) => SqliteWriter = startSqliteWriter): Store {
  const db = openDatabase(dataDir);
  const writer = writerFor(databasePath(dataDir));
  const eventGroups = groupCommitter((group) => writer.insertEvents(group), ingest);
  return {
    events: sqliteEventStore(db, eventGroups),
    devices: { list: async (school) => listDevices(db, school) },
    reports: sqliteReportStore(db),
    alerts: sqliteAlertStore(db, eventGroups.between),
    overrides: sqliteOverrideStore(db),
    schoolLists: sqliteSchoolListStore(db),
    rosters: sqliteRosterStore(db),
    sessions: sqliteSessionStore(db),
    signIns: sqliteSignInStore(db),
    privacy: sqlitePrivacyStore(db),
    notifications: sqliteNotificationStore(db),
    writeWindows: sqliteWriteWindowStore(db, eventGroups.between),
    tokens: sqliteTokenStore(db),
    jobs: sqliteJobStore(db),
    schools: sqliteSchoolStore(db),
    async close() {
      // Every batch already accepted is written and answered before the thread ends.
      await eventGroups.idle();
      await writer.close();
      // Folds the WAL back into the main file, so a copy of the data directory is complete.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
