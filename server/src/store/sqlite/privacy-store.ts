/**
 * UK GDPR duties on the data we hold: storage limitation (purge what is past
 * the school's retention period) and the right of access (everything about
 * one person, in one export).
 */
import { andSchool, withSchool } from '../school-filter';
import type { Database } from 'better-sqlite3';
import { allowlistForSubject } from '../../privacy/subject-allowlists';
import type { SubjectAccessExport } from '../rows';
import type { PrivacyStore } from '../store';
import { ALERT_COLUMNS, EVIDENCE_COLUMNS, EVIDENCE_ORDER, SELECT_ALERT_TRAIL, toAlertSummary, toAlertTrailEntry, toEvidence, type AlertRecord, type AlertTrailRecord, type EvidenceRecord } from './alert-store';
import { listDevicesOf } from './device-records';
import { purgeNotifications } from './notification-store';
import { EVENT_ROW_COLUMNS, toEventRow, type EventRecord } from './event-store';
import { toOverrideRow, type OverrideRecord } from './override-store';
import { REPORT_COLUMNS, SELECT_TRAIL, SELECT_VERSIONS, toReportDetail, toTrailEntry, toVersion, type ReportRecord, type TrailRecord, type VersionRecord } from './report-store';
import { toRosterRow, type RosterRecord } from './roster-store';

export function sqlitePrivacyStore(db: Database): PrivacyStore {
  const purge = db.transaction((cutoff: string, now: string) => ({
    events: db.prepare('DELETE FROM events WHERE received_at < ?').run(cutoff).changes,
    // The report trail goes with its report (ON DELETE CASCADE).
    reports: db.prepare('DELETE FROM reports WHERE received_at < ?').run(cutoff).changes,
    // An allowlist is kept until it has been over (ended early, or run out) for the whole period.
    overrides: db.prepare('DELETE FROM overrides WHERE coalesce(ended_at, ends_at) < ?').run(cutoff).changes,
    // A school list entry is kept while in force, however old, and for the whole period after it ended (its trail goes with it).
    schoolListEntries: db.prepare('DELETE FROM school_list_entries WHERE ended_at < ?').run(cutoff).changes,
    devices: db.prepare('DELETE FROM devices WHERE last_seen_at < ?').run(cutoff).changes,
    sessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes,
    // An alert is one incident: kept whole until its newest evidence is older than the period (its evidence and
    // trail go with it, ON DELETE CASCADE), open or resolved, as reports go by when they arrived whatever their status.
    alerts: db.prepare('DELETE FROM alerts WHERE last_evidence_at < ?').run(cutoff).changes,
    notifications: purgeNotifications(db, cutoff),
  }));

  const subjectAccess = db.transaction((user: string, generatedAt: string, school: string | undefined): SubjectAccessExport => {
    const events = db.prepare(`SELECT ${EVENT_ROW_COLUMNS} FROM events WHERE user = ? ORDER BY received_at, time, id`).all(user) as EventRecord[];
    const reportRecords = db.prepare(`SELECT ${REPORT_COLUMNS}, screenshot FROM reports WHERE user = ? ORDER BY received_at`).all(user) as (ReportRecord & { screenshot: Buffer | null })[];
    const trailOf = db.prepare(SELECT_TRAIL);
    const versionsOf = db.prepare(SELECT_VERSIONS);
    const overrides = db
      .prepare(
        `SELECT o.* FROM overrides o
         WHERE (o.created_by = @user OR o.ended_by = @user OR EXISTS (SELECT 1 FROM json_each(o.pupils) WHERE value = lower(@user))) ${andSchool(school, 'o.school')}
         ORDER BY o.starts_at`,
      )
      .all(withSchool({ user }, school)) as OverrideRecord[];
    const roster = db.prepare('SELECT * FROM roster WHERE pupil = ? ORDER BY class_name').all(user) as RosterRecord[];
    const alerts = db.prepare(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE user = ? ORDER BY opened_at, rowid`).all(user) as AlertRecord[];
    const evidenceOf = db.prepare(`SELECT ${EVIDENCE_COLUMNS} FROM alert_evidence WHERE alert_id = ? ORDER BY ${EVIDENCE_ORDER}`);
    const alertTrailOf = db.prepare(SELECT_ALERT_TRAIL);
    return {
      user,
      generatedAt,
      events: events.map(toEventRow),
      reports: reportRecords.map((record) => ({
        // Every version of their own words.
        ...toReportDetail(record, (trailOf.all(record.id) as TrailRecord[]).map(toTrailEntry), (versionsOf.all(record.id) as VersionRecord[]).map(toVersion)),
        screenshotBase64: record.screenshot ? record.screenshot.toString('base64') : null,
      })),
      overrides: overrides.map((record) => allowlistForSubject(toOverrideRow(record), user)),
      rosterRows: roster.map(toRosterRow),
      alerts: alerts.map((record) => ({
        ...toAlertSummary(record),
        evidence: (evidenceOf.all(record.id) as EvidenceRecord[]).map(toEvidence),
        evidenceOffset: 0,
        evidenceLimit: record.evidence_count,
        trail: (alertTrailOf.all(record.id) as AlertTrailRecord[]).map(toAlertTrailEntry),
      })),
      devices: listDevicesOf(db, user),
    };
  });

  return {
    async purgeOlderThan(cutoff, now) {
      return purge.immediate(cutoff.toISOString(), now.toISOString());
    },
    async subjectAccess(user, now, school) {
      // One read transaction: a consistent snapshot even while batches arrive.
      return subjectAccess.deferred(user, now.toISOString(), school);
    },
  };
}
