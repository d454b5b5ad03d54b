import type { Database } from 'better-sqlite3';
import { isUrgent, type Report } from '../../../../src/reports/model';
import { decideFollowUp, type HeldReport } from '../../reports/follow-up';
import type { ReportDetail, ReportStatus, ReportSummary, ReportTrailAction, ReportTrailEntry, ReportVersion, ReportVersionSource } from '../rows';
import type { IncomingReport, Receipt, ReportFollowUp, ReportStore } from '../store';
import { windowsJson, WINDOWS_TABLE } from './windows';
import { bindRecord, namesAnotherAccount } from '../../auth/identity-proof/binding';
import type { RecordVerification } from '../../dashboard-api/verification';
import { verificationColumns, verificationOf } from './verification-columns';
import { receiptSchool } from '../../schools/scope';
import { andSchool, whereSchool, withSchool } from '../school-filter';
import { statementCache } from './statements';

export interface ReportRecord {
  id: string;
  time: string;
  received_at: string;
  updated_at: string;
  client_ip: string;
  token_label: string;
  token_scope: string;
  user: string;
  device_directory_id: string;
  device_serial_number: string;
  device_asset_id: string;
  year_group: string | null;
  role: string;
  extension_version: string;
  url: string;
  title: string;
  category: string | null;
  reason: string | null;
  comment: string | null;
  urgent: number;
  has_screenshot: number;
  status: string;
  verified: number;
  proof_problem: string | null;
  school: string;
}

export interface VersionRecord {
  version: number;
  at: string;
  source: string;
  reason: string | null;
  comment: string | null;
  token_label: string;
  client_ip: string;
  verified: number;
  proof_problem: string | null;
}

export interface TrailRecord {
  at: string;
  actor: string;
  action: string;
  status: string | null;
  note: string | null;
  school_list_entry_id: string | null;
}

/** The overview's counts, named so a test can ask SQLite for their plans (test/server/overview.test.ts). */
export function reportCountSql(school?: string) {
  return {
  // One range of reports_by_received per window; a window with none is still a row.
  receivedPerWindow: `
    WITH ${WINDOWS_TABLE}
    SELECT w.name AS name, count(r.received_at) AS reports
    FROM windows w LEFT JOIN reports r ON r.received_at >= w.start_at AND r.received_at < w.end_at ${andSchool(school, 'r.school')}
    GROUP BY w.position ORDER BY w.position`,
  // Written as the queue's index (reports_queue) is, so the open reports are one range of it, not the whole table.
  openCounts: `SELECT status, urgent, count(*) AS reports FROM reports WHERE (status = 'resolved') = 0 ${andSchool(school)} GROUP BY status, urgent`,
  };
}

/** Every school's statements (an endpoint serving one school runs only these). */
export const REPORT_COUNT_SQL = reportCountSql();

/** The queue's condition (both engines): `@school` is bound only when the read is one school's. */
export function queueWhere(urgentOpenOnly: boolean, school: string | undefined): string {
  return urgentOpenOnly ? `WHERE urgent = 1 AND status <> 'resolved' ${andSchool(school)}` : whereSchool(school);
}

/** Every column but the screenshot itself: lists stay small. */
export const REPORT_COLUMNS = `id, time, received_at, updated_at, client_ip, token_label, token_scope, user, device_directory_id, device_serial_number,
  device_asset_id, year_group, role, extension_version, url, title, category, reason, comment, urgent, screenshot IS NOT NULL AS has_screenshot, status,
  verified, proof_problem, school`;

export function toSummary(record: ReportRecord): ReportSummary {
  return {
    id: record.id,
    time: record.time,
    receivedAt: record.received_at,
    updatedAt: record.updated_at,
    user: record.user,
    device: { directoryId: record.device_directory_id, serialNumber: record.device_serial_number, assetId: record.device_asset_id },
    yearGroup: record.year_group as ReportSummary['yearGroup'],
    role: record.role as ReportSummary['role'],
    url: record.url,
    title: record.title,
    category: record.category as ReportSummary['category'],
    reason: record.reason as ReportSummary['reason'],
    comment: record.comment,
    urgent: record.urgent === 1,
    status: record.status as ReportStatus,
    hasScreenshot: record.has_screenshot === 1,
    verification: verificationOf(record.verified, record.proof_problem),
    school: record.school,
  };
}

export function toTrailEntry(record: TrailRecord): ReportTrailEntry {
  return {
    at: record.at,
    actor: record.actor,
    action: record.action as ReportTrailAction,
    status: record.status as ReportStatus | null,
    note: record.note,
    schoolListEntryId: record.school_list_entry_id,
  };
}

export function toVersion(record: VersionRecord): ReportVersion {
  return {
    version: record.version,
    at: record.at,
    source: record.source as ReportVersionSource,
    reason: record.reason as ReportVersion['reason'],
    comment: record.comment,
    tokenLabel: record.token_label,
    clientIp: record.client_ip,
    verification: verificationOf(record.verified, record.proof_problem),
  };
}

export const SELECT_TRAIL = 'SELECT at, actor, action, status, note, school_list_entry_id FROM report_trail WHERE report_id = ? ORDER BY seq';

export const SELECT_VERSIONS = 'SELECT version, at, source, reason, comment, token_label, client_ip, verified, proof_problem FROM report_versions WHERE report_id = ? ORDER BY version';

export function toReportDetail(record: ReportRecord, trail: ReportTrailEntry[], versions: ReportVersion[]): ReportDetail {
  return { ...toSummary(record), extensionVersion: record.extension_version, clientIp: record.client_ip, tokenLabel: record.token_label, trail, versions };
}

/** What a follow-up is decided on (reports/follow-up.ts), as both engines read it. */
export interface HeldRecord {
  user: string;
  token_scope: string;
  follow_up_secret_sha256: string | null;
  category: string | null;
  urgent: number;
  has_screenshot: number;
  reason: string | null;
  comment: string | null;
  staff_have_acted: number;
  school: string;
}

export function toHeldReport(row: HeldRecord): HeldReport {
  return {
    tokenScope: row.token_scope,
    followUpSecretSha256: row.follow_up_secret_sha256,
    category: row.category as Report['category'],
    urgent: row.urgent === 1,
    hasScreenshot: row.has_screenshot === 1,
    words: { reason: row.reason as Report['reason'], comment: row.comment },
    staffHaveActed: row.staff_have_acted === 1,
  };
}

/** A new report's columns, as both engines' inserts name them; `verification`: the receipt's proof bound to the report's account. */
export function reportRow(report: IncomingReport, receipt: Receipt, verification: RecordVerification): Record<string, unknown> {
  return {
    id: report.id,
    time: new Date(report.time).toISOString(),
    receivedAt: receipt.receivedAt.toISOString(),
    clientIp: receipt.clientIp,
    tokenLabel: receipt.tokenLabel,
    tokenScope: receipt.tokenScope,
    school: receiptSchool(receipt),
    user: report.user,
    directoryId: report.device.directoryId,
    serialNumber: report.device.serialNumber,
    assetId: report.device.assetId,
    yearGroup: report.yearGroup,
    role: report.role,
    extensionVersion: report.extensionVersion,
    url: report.url,
    title: report.title,
    category: report.category,
    reason: report.reason,
    comment: report.comment,
    // A client may flag more than the rule does, never less.
    urgent: report.urgent || isUrgent(report) ? 1 : 0,
    screenshot: report.screenshot ? Buffer.from(report.screenshot.base64, 'base64') : null,
    followUpSecretSha256: report.followUpSecretSha256,
    ...verificationColumns(verification),
  };
}

export function sqliteReportStore(db: Database): ReportStore {
  const insert = db.prepare(`
    INSERT OR IGNORE INTO reports (id, time, received_at, updated_at, client_ip, token_label, token_scope, user, device_directory_id, device_serial_number,
      device_asset_id, year_group, role, extension_version, url, title, category, reason, comment, urgent, screenshot, status, follow_up_secret_sha256, verified, proof_problem, school)
    VALUES (@id, @time, @receivedAt, @receivedAt, @clientIp, @tokenLabel, @tokenScope, @user, @directoryId, @serialNumber,
      @assetId, @yearGroup, @role, @extensionVersion, @url, @title, @category, @reason, @comment, @urgent, @screenshot, 'new', @followUpSecretSha256, @verified, @proofProblem, @school)
  `);
  const addTrail = db.prepare('INSERT INTO report_trail (report_id, at, actor, action, status, note) VALUES (?, ?, ?, ?, ?, ?)');
  const addVersion = db.prepare(`
    INSERT INTO report_versions (report_id, version, at, source, reason, comment, token_label, client_ip, verified, proof_problem)
    VALUES (@reportId, (SELECT coalesce(max(version), 0) + 1 FROM report_versions WHERE report_id = @reportId), @at, @source, @reason, @comment, @tokenLabel, @clientIp, @verified, @proofProblem)
    RETURNING version
  `);
  const selectOne = db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = ?`);
  const selectTrail = db.prepare(SELECT_TRAIL);
  const selectVersions = db.prepare(SELECT_VERSIONS);
  const selectHeld = db.prepare(`
    SELECT user, token_scope, school, follow_up_secret_sha256, category, urgent, screenshot IS NOT NULL AS has_screenshot, reason, comment,
      EXISTS (SELECT 1 FROM report_trail t WHERE t.report_id = reports.id AND t.action IN ('status', 'note', 'school-list')) AS staff_have_acted
    FROM reports WHERE id = ?
  `);

  const version = (reportId: string, source: ReportVersionSource, words: { reason: string | null; comment: string | null }, receipt: Receipt, verification: RecordVerification) =>
    (
      addVersion.get({
        reportId,
        at: receipt.receivedAt.toISOString(),
        source,
        reason: words.reason,
        comment: words.comment,
        tokenLabel: receipt.tokenLabel,
        clientIp: receipt.clientIp,
        ...verificationColumns(verification),
      }) as { version: number }
    ).version;

  const create = db.transaction((report: IncomingReport, receipt: Receipt, receivedNote: string | null) => {
    const receivedAt = receipt.receivedAt.toISOString();
    const verification = bindRecord(report.user, receipt.proof ?? null);
    const result = insert.run(reportRow(report, receipt, verification));
    if (result.changes === 1) {
      version(report.id, 'report', report, receipt, verification);
      addTrail.run(report.id, receivedAt, `device:${receipt.tokenLabel}`, 'received', 'new', receivedNote);
    }
    return { created: result.changes === 1 };
  });

  const update = db.transaction((id: string, followUp: ReportFollowUp, receipt: Receipt) => {
    const row = selectHeld.get(id) as HeldRecord | undefined;
    // Another school's report is not found: a token adds only to its own school's (schools/scope.ts).
    if (!row || row.school !== receiptSchool(receipt)) return 'not-found' as const;
    // No legitimate device adds to another account's report: its profile has its own queue.
    if (namesAnotherAccount(row.user, receipt.proof ?? null)) return 'other-account' as const;
    const held = toHeldReport(row);
    const words = { reason: followUp.reason, comment: followUp.comment };
    const decision = decideFollowUp(held, {
      tokenScope: receipt.tokenScope,
      followUpSecretSha256: followUp.followUpSecretSha256,
      words,
      hasScreenshot: followUp.screenshot !== undefined,
    });
    if (decision.kind === 'refused') return decision.refusal;
    if (decision.kind === 'nothing-new') return 'unchanged' as const;

    const at = receipt.receivedAt.toISOString();
    const parts: string[] = [];
    if (decision.newWords) {
      const number = version(id, 'follow-up', words, receipt, bindRecord(row.user, receipt.proof ?? null));
      parts.push(`words version ${number}: reason ${words.reason ?? 'none'}`);
    }
    if (decision.screenshotNote) parts.push(decision.screenshotNote);
    db.prepare('UPDATE reports SET reason = ?, comment = ?, urgent = ?, updated_at = ?, screenshot = COALESCE(screenshot, ?) WHERE id = ?').run(
      words.reason,
      words.comment,
      decision.urgent ? 1 : 0,
      at,
      decision.keepScreenshot ? Buffer.from(followUp.screenshot!.base64, 'base64') : null,
      id,
    );
    addTrail.run(id, at, `device:${receipt.tokenLabel}`, 'pupil-update', null, parts.join('; '));
    return 'updated' as const;
  });

  const setStatus = db.transaction((id: string, status: ReportStatus, actor: string, note: string | null, at: string) => {
    const result = db.prepare('UPDATE reports SET status = ?, updated_at = ? WHERE id = ?').run(status, at, id);
    if (result.changes === 1) addTrail.run(id, at, actor, 'status', status, note);
    return result.changes === 1;
  });

  const addNote = db.transaction((id: string, actor: string, note: string, at: string) => {
    const result = db.prepare('UPDATE reports SET updated_at = ? WHERE id = ?').run(at, id);
    if (result.changes === 1) addTrail.run(id, at, actor, 'note', null, note);
    return result.changes === 1;
  });

  const statement = statementCache(db);
  const countSql = (school: string | undefined) => (school === undefined ? REPORT_COUNT_SQL : reportCountSql(school));

  const trail = (id: string) => (selectTrail.all(id) as TrailRecord[]).map(toTrailEntry);
  const versions = (id: string) => (selectVersions.all(id) as VersionRecord[]).map(toVersion);

  return {
    async create(report, receipt, receivedNote) {
      return create.immediate(report, receipt, receivedNote);
    },
    async update(id, followUp, receipt) {
      return update.immediate(id, followUp, receipt);
    },
    async list({ offset, limit, urgentOpenOnly = false, school }) {
      // The queue: open reports before resolved ones, urgent first, newest first (index reports_queue).
      const where = queueWhere(urgentOpenOnly, school);
      const rows = db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports ${where} ORDER BY status = 'resolved', urgent DESC, received_at DESC, id LIMIT @limit OFFSET @offset`).all({ school, limit, offset });
      const total = (db.prepare(`SELECT count(*) FROM reports ${where}`).pluck().get({ school }) as number) ?? 0;
      return { reports: (rows as ReportRecord[]).map(toSummary), total, offset, limit };
    },
    async receivedPerWindow(windows, school) {
      return statement(countSql(school).receivedPerWindow).all(withSchool({ windows: windowsJson(windows) }, school)) as { name: string; reports: number }[];
    },
    async openCounts(school) {
      const rows = statement(countSql(school).openCounts).all(withSchool({}, school)) as { status: ReportStatus; urgent: number; reports: number }[];
      return rows.map((row) => ({ status: row.status, urgent: row.urgent === 1, reports: row.reports }));
    },
    async has(id) {
      return db.prepare('SELECT 1 FROM reports WHERE id = ?').get(id) !== undefined;
    },
    async receivedSince(sender, since) {
      const [column, value] = 'user' in sender ? ['user', sender.user] : ['device_key', sender.deviceKey];
      const times = db.prepare(`SELECT received_at FROM reports WHERE ${column} = ? AND received_at > ? ORDER BY received_at`).pluck().all(value, since.toISOString());
      return (times as string[]).map((at) => new Date(at));
    },
    async arrivalsSince(by, since, school) {
      // Read straight off the (key, received_at) index: already grouped by key and in order.
      const [column, index] = by === 'token' ? ['token_label', 'reports_by_token_received'] : ['device_key', 'reports_by_device_received'];
      const rows = db.prepare(`SELECT ${column}, received_at FROM reports INDEXED BY ${index} WHERE received_at >= @since ${andSchool(school)} ORDER BY ${column}, received_at`).raw().all(withSchool({ since: since.toISOString() }, school));
      return (rows as [string, string][]).map(([key, at]) => ({ key, receivedAt: Date.parse(at) }));
    },
    async get(id) {
      const record = selectOne.get(id) as ReportRecord | undefined;
      return record ? toReportDetail(record, trail(id), versions(id)) : null;
    },
    async screenshot(id) {
      const row = db.prepare('SELECT screenshot FROM reports WHERE id = ?').get(id) as { screenshot: Buffer | null } | undefined;
      return row?.screenshot ?? null;
    },
    async setStatus(id, status, actor, note, at) {
      return setStatus.immediate(id, status, actor.username, note, at.toISOString());
    },
    async addNote(id, actor, note, at) {
      return addNote.immediate(id, actor.username, note, at.toISOString());
    },
    async trail(id) {
      return trail(id);
    },
  };
}
