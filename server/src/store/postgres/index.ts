import { ingestSchema, type IngestSettings } from '../../config/ingest';
import type { Store } from '../store';
import { postgresAlertStore } from './alert-store';
import { listDevices } from './device-records';
import { POSTGRES_GROUP_WRITERS, postgresEventStore, postgresGroupWriter } from './event-store';
import { groupCommitter } from '../group-commit';
import { openPostgres } from './open';
import { postgresNotificationStore } from './notification-store';
import { postgresOverrideStore } from './override-store';
import { postgresPrivacyStore } from './privacy-store';
import { postgresReportStore } from './report-store';
import { postgresRosterStore } from './roster-store';
import { postgresSchoolListStore } from './school-list-store';
import { postgresSessionStore } from './session-store';
import { postgresSignInStore } from './sign-in-store';
import { postgresTokenStore } from './token-store';
import { postgresWriteWindowStore } from './write-window-store';
import { postgresJobStore } from './job-store';
import { postgresSchoolStore } from './school-store';

/** The networked engine: a PostgreSQL database named by its URL, shared by every endpoint process pointed at it. */
export async function openPostgresStore(url: string, ingest: IngestSettings = ingestSchema.parse(undefined)): Promise<Store> {
  const { pool, db } = await openPostgres(url);
  const eventGroups = groupCommitter(postgresGroupWriter(db), ingest, POSTGRES_GROUP_WRITERS);
  return {
    events: postgresEventStore(db, eventGroups),
    devices: { list: (school) => listDevices(db, school) },
    reports: postgresReportStore(db),
    alerts: postgresAlertStore(db),
    overrides: postgresOverrideStore(db),
    schoolLists: postgresSchoolListStore(db),
    rosters: postgresRosterStore(db),
    sessions: postgresSessionStore(db),
    signIns: postgresSignInStore(db),
    privacy: postgresPrivacyStore(db),
    notifications: postgresNotificationStore(db),
    writeWindows: postgresWriteWindowStore(db),
    tokens: postgresTokenStore(db),
    jobs: postgresJobStore(pool),
    schools: postgresSchoolStore(db),
    async close() {
      // Every batch already accepted is written and answered first.
      await eventGroups.idle();
      await pool.end();
    },
  };
}
