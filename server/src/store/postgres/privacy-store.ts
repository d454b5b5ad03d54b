/** UK GDPR duties on PostgreSQL: as ../sqlite/privacy-store.ts (retention purge, subject access export). */
import { andSchool, withSchool } from '../school-filter';
import { allowlistForSubject } from '../../privacy/subject-allowlists';
import type { SubjectAccessExport } from '../rows';
import type { PrivacyStore } from '../store';
import { EVIDENCE_COLUMNS, EVIDENCE_ORDER, SELECT_ALERT_TRAIL, toAlertSummary, toAlertTrailEntry, toEvidence, type AlertRecord, type AlertTrailRecord, type EvidenceRecord } from '../sqlite/alert-store';
import { EVENT_ROW_COLUMNS, toEventRow, type EventRecord } from '../sqlite/event-store';
import { toOverrideRow, type OverrideRecord } from '../sqlite/override-store';
import { SELECT_TRAIL, SELECT_VERSIONS, toReportDetail, toTrailEntry, toVersion, type ReportRecord, type TrailRecord, type VersionRecord } from '../sqlite/report-store';
import { toRosterRow, type RosterRecord } from '../sqlite/roster-store';
import type { PgDb } from './db';
import { listDevicesOf } from './device-records';
import { purgeNotifications } from './notification-store';

const byId = (sql: string) => sql.replace('?', '@id');

export function postgresPrivacyStore(db: PgDb): PrivacyStore {
  return {
    async purgeOlderThan(cutoffDate, nowDate) {
      const cutoff = cutoffDate.toISOString();
      const now = nowDate.toISOString();
      return db.transaction(async (tx) => ({
        events: await tx.run('DELETE FROM events WHERE received_at < @cutoff', { cutoff }),
        // The report trail and versions go with their report (ON DELETE CASCADE).
        reports: await tx.run('DELETE FROM reports WHERE received_at < @cutoff', { cutoff }),
        overrides: await tx.run('DELETE FROM overrides WHERE coalesce(ended_at, ends_at) < @cutoff', { cutoff }),
        schoolListEntries: await tx.run('DELETE FROM school_list_entries WHERE ended_at < @cutoff', { cutoff }),
        devices: await tx.run('DELETE FROM devices WHERE last_seen_at < @cutoff', { cutoff }),
        sessions: await tx.run('DELETE FROM sessions WHERE expires_at <= @now', { now }),
        alerts: await tx.run('DELETE FROM alerts WHERE last_evidence_at < @cutoff', { cutoff }),
        notifications: await purgeNotifications(tx, cutoff),
      }));
    },
    async subjectAccess(user, now, school) {
      // One snapshot: consistent even while batches arrive.
      return db.transaction(async (tx): Promise<SubjectAccessExport> => {
        await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const events = await tx.all<EventRecord>(`SELECT ${EVENT_ROW_COLUMNS} FROM events WHERE "user" = @user ORDER BY received_at, time, id`, { user });
        const reportRecords = await tx.all<ReportRecord & { screenshot: Buffer | null }>(
          `SELECT id, time, received_at, updated_at, client_ip, token_label, token_scope, "user", device_directory_id, device_serial_number, device_asset_id, year_group, role,
             extension_version, url, title, category, reason, comment, urgent, (screenshot IS NOT NULL)::int AS has_screenshot, status, screenshot, school
           FROM reports WHERE "user" = @user ORDER BY received_at`,
          { user },
        );
        const reports = [];
        for (const record of reportRecords) {
          const trail = (await tx.all<TrailRecord>(byId(SELECT_TRAIL), { id: record.id })).map(toTrailEntry);
          const versions = (await tx.all<VersionRecord>(byId(SELECT_VERSIONS), { id: record.id })).map(toVersion);
          // Every version of their own words.
          reports.push({ ...toReportDetail(record, trail, versions), screenshotBase64: record.screenshot ? record.screenshot.toString('base64') : null });
        }
        const overrides = await tx.all<OverrideRecord>(
          `SELECT o.* FROM overrides o
           WHERE (o.created_by = @user OR o.ended_by = @user OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(o.pupils::jsonb) AS p (value) WHERE p.value = lower(@user)))
             ${andSchool(school, 'o.school')}
           ORDER BY o.starts_at`,
          withSchool({ user }, school),
        );
        const roster = await tx.all<RosterRecord>('SELECT * FROM roster WHERE pupil = @user ORDER BY class_name', { user });
        // In the order they were opened; alerts opened by one batch in the order their first evidence was stored (SQLite's rowid order).
        const alertRecords = await tx.all<AlertRecord>(
          `SELECT id, "user", year_group, risk, severity, status, opened_at, last_evidence_at, evidence_count, school FROM alerts a
           WHERE "user" = @user ORDER BY opened_at, (SELECT min(seq) FROM alert_evidence e WHERE e.alert_id = a.id)`,
          { user },
        );
        const alerts = [];
        for (const record of alertRecords) {
          const evidence = await tx.all<EvidenceRecord>(`SELECT ${EVIDENCE_COLUMNS} FROM alert_evidence WHERE alert_id = @id ORDER BY ${EVIDENCE_ORDER}`, { id: record.id });
          const trail = await tx.all<AlertTrailRecord>(byId(SELECT_ALERT_TRAIL), { id: record.id });
          alerts.push({ ...toAlertSummary(record), evidence: evidence.map(toEvidence), evidenceOffset: 0, evidenceLimit: record.evidence_count, trail: trail.map(toAlertTrailEntry) });
        }
        return {
          user,
          generatedAt: now.toISOString(),
          events: events.map(toEventRow),
          reports,
          overrides: overrides.map((record) => allowlistForSubject(toOverrideRow(record), user)),
          rosterRows: roster.map(toRosterRow),
          alerts,
          devices: await listDevicesOf(tx, user),
        };
      });
    },
  };
}
