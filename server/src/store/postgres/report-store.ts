import { bindRecord, namesAnotherAccount } from '../../auth/identity-proof/binding';
import type { RecordVerification } from '../../dashboard-api/verification';
import { decideFollowUp } from '../../reports/follow-up';
import type { ReportStatus, ReportVersionSource } from '../rows';
import type { IncomingReport, Receipt, ReportFollowUp, ReportStore } from '../store';
import { receiptSchool } from '../../schools/scope';
import { andSchool, withSchool } from '../school-filter';
import { queueWhere, reportRow, SELECT_TRAIL, toHeldReport, type HeldRecord, SELECT_VERSIONS, toReportDetail, toSummary, toTrailEntry, toVersion, type ReportRecord, type TrailRecord, type VersionRecord } from '../sqlite/report-store';
import { verificationColumns } from '../sqlite/verification-columns';
import type { PgDb } from './db';
import { windowsJson, WINDOWS_TABLE } from './windows';

/** Every column but the screenshot itself: lists stay small. */
const REPORT_COLUMNS = `id, time, received_at, updated_at, client_ip, token_label, token_scope, "user", device_directory_id, device_serial_number,
  device_asset_id, year_group, role, extension_version, url, title, category, reason, comment, urgent, (screenshot IS NOT NULL)::int AS has_screenshot, status,
  verified, proof_problem, school`;

/** Every school's statements, or one school's (../school-filter.ts). */
const countSql = (school: string | undefined) => ({
  receivedPerWindow: `
    WITH ${WINDOWS_TABLE}
    SELECT w.name AS name, count(r.received_at) AS reports
    FROM windows w LEFT JOIN reports r ON r.received_at >= w.start_at AND r.received_at < w.end_at ${andSchool(school, 'r.school')}
    GROUP BY w.position, w.name ORDER BY w.position`,
  // Written as the queue's index (reports_queue) is, so the open reports are one range of it.
  openCounts: `SELECT status, urgent, count(*) AS reports FROM reports WHERE (status = 'resolved') = false ${andSchool(school)} GROUP BY status, urgent`,
});

/** SQLite's `?` placeholders, in the statements shared with it, as the one named parameter they take. */
const byReport = (sql: string) => sql.replace('?', '@id');

export function postgresReportStore(db: PgDb): ReportStore {
  const addTrail = (tx: PgDb, id: string, at: string, actor: string, action: string, status: string | null, note: string | null) =>
    tx.run('INSERT INTO report_trail (report_id, at, actor, action, status, note) VALUES (@id, @at, @actor, @action, @status, @note)', { id, at, actor, action, status, note });

  const version = async (tx: PgDb, reportId: string, source: ReportVersionSource, words: { reason: string | null; comment: string | null }, receipt: Receipt, verification: RecordVerification) =>
    (await tx.one<{ version: number }>(
      `INSERT INTO report_versions (report_id, version, at, source, reason, comment, token_label, client_ip, verified, proof_problem)
       VALUES (@reportId, (SELECT coalesce(max(version), 0) + 1 FROM report_versions WHERE report_id = @reportId), @at, @source, @reason, @comment, @tokenLabel, @clientIp, @verified, @proofProblem)
       RETURNING version`,
      { reportId, at: receipt.receivedAt.toISOString(), source, reason: words.reason, comment: words.comment, tokenLabel: receipt.tokenLabel, clientIp: receipt.clientIp, ...verificationColumns(verification) },
    ))!.version;

  const trail = async (tx: PgDb, id: string) => (await tx.all<TrailRecord>(byReport(SELECT_TRAIL), { id })).map(toTrailEntry);
  const versions = async (tx: PgDb, id: string) => (await tx.all<VersionRecord>(byReport(SELECT_VERSIONS), { id })).map(toVersion);

  return {
    async create(report: IncomingReport, receipt, receivedNote) {
      return db.transaction(async (tx) => {
        const receivedAt = receipt.receivedAt.toISOString();
        const verification = bindRecord(report.user, receipt.proof ?? null);
        // ON CONFLICT: a report posted twice at once (two processes) is stored once; the second changes nothing.
        const created = await tx.run(
          `INSERT INTO reports (id, time, received_at, updated_at, client_ip, token_label, token_scope, "user", device_directory_id, device_serial_number,
             device_asset_id, year_group, role, extension_version, url, title, category, reason, comment, urgent, screenshot, status, follow_up_secret_sha256, verified, proof_problem, school)
           VALUES (@id, @time, @receivedAt, @receivedAt, @clientIp, @tokenLabel, @tokenScope, @user, @directoryId, @serialNumber,
             @assetId, @yearGroup, @role, @extensionVersion, @url, @title, @category, @reason, @comment, @urgent, @screenshot, 'new', @followUpSecretSha256, @verified, @proofProblem, @school)
           ON CONFLICT (id) DO NOTHING`,
          reportRow(report, receipt, verification),
        );
        if (created === 1) {
          await version(tx, report.id, 'report', report, receipt, verification);
          await addTrail(tx, report.id, receivedAt, `device:${receipt.tokenLabel}`, 'received', 'new', receivedNote);
        }
        return { created: created === 1 };
      });
    },

    async update(id, followUp: ReportFollowUp, receipt) {
      return db.transaction(async (tx) => {
        // FOR UPDATE: two follow-ups to one report are decided one after the other, each seeing the other's words.
        const row = await tx.one<HeldRecord>(
          `SELECT "user", token_scope, school, follow_up_secret_sha256, category, urgent, (screenshot IS NOT NULL)::int AS has_screenshot, reason, comment,
             EXISTS (SELECT 1 FROM report_trail t WHERE t.report_id = reports.id AND t.action IN ('status', 'note', 'school-list'))::int AS staff_have_acted
           FROM reports WHERE id = @id FOR UPDATE`,
          { id },
        );
        // Another school's report is not found: a token adds only to its own school's (schools/scope.ts).
        if (!row || row.school !== receiptSchool(receipt)) return 'not-found' as const;
        // No legitimate device adds to another account's report: its profile has its own queue.
        if (namesAnotherAccount(row.user, receipt.proof ?? null)) return 'other-account' as const;
        const held = toHeldReport(row);
        const words = { reason: followUp.reason, comment: followUp.comment };
        const decision = decideFollowUp(held, { tokenScope: receipt.tokenScope, followUpSecretSha256: followUp.followUpSecretSha256, words, hasScreenshot: followUp.screenshot !== undefined });
        if (decision.kind === 'refused') return decision.refusal;
        if (decision.kind === 'nothing-new') return 'unchanged' as const;

        const at = receipt.receivedAt.toISOString();
        const parts: string[] = [];
        if (decision.newWords) {
          const number = await version(tx, id, 'follow-up', words, receipt, bindRecord(row.user, receipt.proof ?? null));
          parts.push(`words version ${number}: reason ${words.reason ?? 'none'}`);
        }
        if (decision.screenshotNote) parts.push(decision.screenshotNote);
        await tx.run('UPDATE reports SET reason = @reason, comment = @comment, urgent = @urgent, updated_at = @at, screenshot = COALESCE(screenshot, @screenshot) WHERE id = @id', {
          reason: words.reason,
          comment: words.comment,
          urgent: decision.urgent ? 1 : 0,
          at,
          screenshot: decision.keepScreenshot ? Buffer.from(followUp.screenshot!.base64, 'base64') : null,
          id,
        });
        await addTrail(tx, id, at, `device:${receipt.tokenLabel}`, 'pupil-update', null, parts.join('; '));
        return 'updated' as const;
      });
    },

    async list({ offset, limit, urgentOpenOnly = false, school }) {
      // The queue: open reports before resolved ones, urgent first, newest first (index reports_queue).
      const where = queueWhere(urgentOpenOnly, school);
      const rows = await db.all<ReportRecord>(`SELECT ${REPORT_COLUMNS} FROM reports ${where} ORDER BY status = 'resolved', urgent DESC, received_at DESC, id LIMIT @limit OFFSET @offset`, { school, limit, offset });
      const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM reports ${where}`, { school }))?.n ?? 0;
      return { reports: rows.map(toSummary), total, offset, limit };
    },
    async receivedPerWindow(windows, school) {
      return db.all<{ name: string; reports: number }>(countSql(school).receivedPerWindow, withSchool({ windows: windowsJson(windows) }, school));
    },
    async openCounts(school) {
      const rows = await db.all<{ status: ReportStatus; urgent: number; reports: number }>(countSql(school).openCounts, withSchool({}, school));
      return rows.map((row) => ({ status: row.status, urgent: row.urgent === 1, reports: row.reports }));
    },
    async has(id) {
      return (await db.one('SELECT 1 FROM reports WHERE id = @id', { id })) !== undefined;
    },
    async receivedSince(sender, since) {
      const [column, value] = 'user' in sender ? ['"user"', sender.user] : ['device_key', sender.deviceKey];
      const rows = await db.all<{ received_at: string }>(`SELECT received_at FROM reports WHERE ${column} = @value AND received_at > @since ORDER BY received_at`, { value, since: since.toISOString() });
      return rows.map((row) => new Date(row.received_at));
    },
    async arrivalsSince(by, since, school) {
      // Off the (key, received_at) index: already grouped by key and in order.
      const column = by === 'token' ? 'token_label' : 'device_key';
      const rows = await db.all<{ key: string; received_at: string }>(`SELECT ${column} AS key, received_at FROM reports WHERE received_at >= @since ${andSchool(school)} ORDER BY ${column}, received_at`, withSchool({ since: since.toISOString() }, school));
      return rows.map((row) => ({ key: row.key, receivedAt: Date.parse(row.received_at) }));
    },
    async get(id) {
      const record = await db.one<ReportRecord>(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = @id`, { id });
      return record ? toReportDetail(record, await trail(db, id), await versions(db, id)) : null;
    },
    async screenshot(id) {
      return (await db.one<{ screenshot: Buffer | null }>('SELECT screenshot FROM reports WHERE id = @id', { id }))?.screenshot ?? null;
    },
    async setStatus(id, status, actor, note, at) {
      return db.transaction(async (tx) => {
        const changed = await tx.run('UPDATE reports SET status = @status, updated_at = @at WHERE id = @id', { status, at: at.toISOString(), id });
        if (changed === 1) await addTrail(tx, id, at.toISOString(), actor.username, 'status', status, note);
        return changed === 1;
      });
    },
    async addNote(id, actor, note, at) {
      return db.transaction(async (tx) => {
        const changed = await tx.run('UPDATE reports SET updated_at = @at WHERE id = @id', { at: at.toISOString(), id });
        if (changed === 1) await addTrail(tx, id, at.toISOString(), actor.username, 'note', null, note);
        return changed === 1;
      });
    },
    async trail(id) {
      return trail(db, id);
    },
  };
}
