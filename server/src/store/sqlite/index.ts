import type { Store } from '../store';
import { sqliteAlertStore } from './alert-store';
import { listDevices } from './device-records';
import { sqliteEventStore } from './event-store';
import { openDatabase } from './open';
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

/** The embedded default: one SQLite file (WAL) in the data directory. */
export function openSqliteStore(dataDir: string): Store {
  const db = openDatabase(dataDir);
  return {
    events: sqliteEventStore(db),
    devices: { list: async (school) => listDevices(db, school) },
    reports: sqliteReportStore(db),
    alerts: sqliteAlertStore(db),
    overrides: sqliteOverrideStore(db),
    schoolLists: sqliteSchoolListStore(db),
    rosters: sqliteRosterStore(db),
    sessions: sqliteSessionStore(db),
    signIns: sqliteSignInStore(db),
    privacy: sqlitePrivacyStore(db),
    notifications: sqliteNotificationStore(db),
    writeWindows: sqliteWriteWindowStore(db),
    tokens: sqliteTokenStore(db),
    jobs: sqliteJobStore(db),
    schools: sqliteSchoolStore(db),
    async close() {
      // Folds the WAL back into the main file, so a copy of the data directory is complete.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
