import type { Database } from 'better-sqlite3';
import { isUrgent, type Report, type ReportUpdate } from '../../../../src/reports/model';
import { NO_SCREENSHOT_CATEGORIES, SCREENSHOT_REASONS } from '../../../../src/reports/screenshot-rule';
import type { ReportDetail, ReportStatus, ReportSummary, ReportTrailAction, ReportTrailEntry } from '../rows';
import type { Receipt, ReportStore } from '../store';

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
}

export interface TrailRecord {
  at: string;
  actor: string;
  action: string;
  status: string | null;
  note: string | null;
}

/** Every column but the screenshot itself: lists stay small. */
export const REPORT_COLUMNS = `id, time, received_at, updated_at, client_ip, token_label, token_scope, user, device_directory_id, device_serial_number,
  device_asset_id, year_group, role, extension_version, url, title, category, reason, comment, urgent, screenshot IS NOT NULL AS has_screenshot, status`;

function toSummary(record: ReportRecord): ReportSummary {
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
  };
}

export function toTrailEntry(record: TrailRecord): ReportTrailEntry {
  return { at: record.at, actor: record.actor, action: record.action as ReportTrailAction, status: record.status as ReportStatus | null, note: record.note };
}

export function toReportDetail(record: ReportRecord, trail: ReportTrailEntry[]): ReportDetail {
  return { ...toSummary(record), extensionVersion: record.extension_version, clientIp: record.client_ip, tokenLabel: record.token_label, trail };
}

export function sqliteReportStore(db: Database): ReportStore {
  const insert = db.prepare(`
    INSERT OR IGNORE INTO reports (id, time, received_at, updated_at, client_ip, token_label, token_scope, user, device_directory_id, device_serial_number,
      device_asset_id, year_group, role, extension_version, url, title, category, reason, comment, urgent, screenshot, status)
    VALUES (@id, @time, @receivedAt, @receivedAt, @clientIp, @tokenLabel, @tokenScope, @user, @directoryId, @serialNumber,
      @assetId, @yearGroup, @role, @extensionVersion, @url, @title, @category, @reason, @comment, @urgent, @screenshot, 'new')
  `);
  const addTrail = db.prepare('INSERT INTO report_trail (report_id, at, actor, action, status, note) VALUES (?, ?, ?, ?, ?, ?)');
  const selectOne = db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = ?`);
  const selectTrail = db.prepare('SELECT at, actor, action, status, note FROM report_trail WHERE report_id = ? ORDER BY seq');

  const create = db.transaction((report: Report, receipt: Receipt) => {
    const receivedAt = receipt.receivedAt.toISOString();
    const result = insert.run({
      id: report.id,
      time: new Date(report.time).toISOString(),
      receivedAt,
      clientIp: receipt.clientIp,
      tokenLabel: receipt.tokenLabel,
      tokenScope: receipt.tokenScope,
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
    });
    if (result.changes === 1) addTrail.run(report.id, receivedAt, `device:${receipt.tokenLabel}`, 'received', 'new', null);
    return { created: result.changes === 1 };
  });

  const update = db.transaction((id: string, change: ReportUpdate, receipt: Receipt) => {
    const current = db.prepare('SELECT token_scope, category, urgent, screenshot IS NOT NULL AS has_screenshot FROM reports WHERE id = ?').get(id) as
      | { token_scope: string; category: string | null; urgent: number; has_screenshot: number }
      | undefined;
    if (!current) return 'not-found' as const;
    if (current.token_scope !== receipt.tokenScope) return 'wrong-scope' as const;
    const urgent = current.urgent === 1 || isUrgent({ reason: change.reason, category: current.category as Report['category'] });
    const at = receipt.receivedAt.toISOString();
    // The endpoint applies the device's screenshot rule again (it cannot see the OU's policy, but it can see
    // the category and the reason): a picture of an illegal or adult page, or with a reason that may mean
    // sexual images, is never stored. One picture per report: a second is ignored.
    const keepScreenshot =
      change.screenshot !== undefined &&
      current.has_screenshot === 0 &&
      !NO_SCREENSHOT_CATEGORIES.some((category) => category === current.category) &&
      change.reason !== null &&
      SCREENSHOT_REASONS.includes(change.reason);
    db.prepare('UPDATE reports SET reason = ?, comment = ?, urgent = ?, updated_at = ?, screenshot = COALESCE(screenshot, ?) WHERE id = ?').run(
      change.reason,
      change.comment,
      urgent ? 1 : 0,
      at,
      keepScreenshot ? Buffer.from(change.screenshot!.base64, 'base64') : null,
      id,
    );
    const screenshotNote = change.screenshot === undefined ? '' : keepScreenshot ? '; screenshot added' : '; screenshot refused by the rule';
    addTrail.run(id, at, `device:${receipt.tokenLabel}`, 'pupil-update', null, `reason: ${change.reason ?? 'none'}${screenshotNote}`);
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

  const trail = (id: string) => (selectTrail.all(id) as TrailRecord[]).map(toTrailEntry);

  return {
    async create(report, receipt) {
      return create.immediate(report, receipt);
    },
    async update(id, change, receipt) {
      return update.immediate(id, change, receipt);
    },
    async list({ offset, limit, urgentOpenOnly = false }) {
      // The queue: open reports before resolved ones, urgent first, newest first (index reports_queue).
      const where = urgentOpenOnly ? `WHERE urgent = 1 AND status <> 'resolved'` : '';
      const rows = db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports ${where} ORDER BY status = 'resolved', urgent DESC, received_at DESC, id LIMIT ? OFFSET ?`).all(limit, offset);
      const total = (db.prepare(`SELECT count(*) FROM reports ${where}`).pluck().get() as number) ?? 0;
      return { reports: (rows as ReportRecord[]).map(toSummary), total, offset, limit };
    },
    async has(id) {
      return db.prepare('SELECT 1 FROM reports WHERE id = ?').get(id) !== undefined;
    },
    async receivedSince(sender, since) {
      const [column, value] = 'user' in sender ? ['user', sender.user] : ['device_key', sender.deviceKey];
      const times = db.prepare(`SELECT received_at FROM reports WHERE ${column} = ? AND received_at > ? ORDER BY received_at`).pluck().all(value, since.toISOString());
      return (times as string[]).map((at) => new Date(at));
    },
    async arrivalsSince(by, since) {
      // Read straight off the (key, received_at) index: already grouped by key and in order.
      const [column, index] = by === 'token' ? ['token_label', 'reports_by_token_received'] : ['device_key', 'reports_by_device_received'];
      const rows = db.prepare(`SELECT ${column}, received_at FROM reports INDEXED BY ${index} WHERE received_at >= ? ORDER BY ${column}, received_at`).raw().all(since.toISOString());
      return (rows as [string, string][]).map(([key, at]) => ({ key, receivedAt: Date.parse(at) }));
    },
    async get(id) {
      const record = selectOne.get(id) as ReportRecord | undefined;
      return record ? toReportDetail(record, trail(id)) : null;
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
