/**
 * The school lists in SQLite: entries, every change as a trail row, and one
 * version row that changes with every change (devices' ETags). A change made
 * from a report writes that report's trail (and may resolve it) in the same
 * transaction, so the two trails always name each other.
 */
import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { ListAudience } from '../../../../src/school-lists/audience';
import type { ListCounts } from '../../../../src/school-lists/limits';
import { reportTrailNote } from '../../school-lists/wording';
import type { DashboardRole } from '../../dashboard-api/types';
import type { SchoolListChange, SchoolListChangeKind, SchoolListEntry } from '../rows';
import type { ListSchools, NewSchoolListEntry, ReportLink, SchoolListStore, StaffActor } from '../store';

export interface EntryRecord {
  id: string;
  action: string;
  target: string;
  kind: string;
  audience: string;
  reason: string;
  ends_at: string | null;
  report_id: string | null;
  created_by: string;
  created_role: string;
  created_at: string;
  updated_by: string | null;
  updated_at: string | null;
  ended_at: string | null;
  ended_how: string | null;
  ended_by: string | null;
  school: string;
}

export interface ChangeRecord {
  seq: number;
  entry_id: string;
  action: string;
  target: string;
  at: string;
  actor: string;
  actor_role: string | null;
  change: string;
  reason: string | null;
  report_id: string | null;
  audience: string;
  ends_at: string | null;
}

export function toEntry(record: EntryRecord): SchoolListEntry {
  return {
    id: record.id,
    action: record.action as SchoolListEntry['action'],
    target: record.target,
    kind: record.kind as SchoolListEntry['kind'],
    audience: JSON.parse(record.audience) as ListAudience,
    reason: record.reason,
    endsAt: record.ends_at,
    reportId: record.report_id,
    createdBy: record.created_by,
    createdRole: record.created_role as DashboardRole,
    createdAt: record.created_at,
    updatedBy: record.updated_by,
    updatedAt: record.updated_at,
    endedAt: record.ended_at,
    endedHow: record.ended_how as SchoolListEntry['endedHow'],
    endedBy: record.ended_by,
    school: record.school,
  };
}

/** A new entry's columns, as both engines' inserts name them. */
export function entryRow(id: string, entry: NewSchoolListEntry, actor: StaffActor, at: string, link: ReportLink | null): Record<string, unknown> {
  return {
    id,
    action: entry.action,
    target: entry.target,
    kind: entry.kind,
    audience: JSON.stringify(entry.audience),
    reason: entry.reason,
    endsAt: entry.endsAt,
    reportId: link?.reportId ?? null,
    createdBy: actor.username,
    createdRole: actor.role,
    createdAt: at,
    school: entry.school,
  };
}

/** SQLite's condition on the entries' schools (e: the entries' alias, or none), with its one JSON parameter. */
function schoolsCondition(schools: ListSchools, column = 'school'): { sql: string; params: string[] } {
  return schools === undefined ? { sql: '', params: [] } : { sql: `AND ${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(schools)] };
}

export function toChange(record: ChangeRecord): SchoolListChange {
  return {
    seq: record.seq,
    entryId: record.entry_id,
    action: record.action as SchoolListChange['action'],
    target: record.target,
    at: record.at,
    actor: record.actor,
    actorRole: record.actor_role as DashboardRole | null,
    change: record.change as SchoolListChangeKind,
    reason: record.reason,
    reportId: record.report_id,
    audience: JSON.parse(record.audience) as ListAudience,
    endsAt: record.ends_at,
  };
}

export const CHANGE_COLUMNS = 't.seq, t.entry_id, e.action, e.target, t.at, t.actor, t.actor_role, t.change, t.reason, t.report_id, t.audience, t.ends_at';

/** `%` and `_` typed into the search box are searched for, not wildcards. */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The host and every parent: an entry for any of them covers the host. */
export function hostAndParents(host: string): string[] {
  const names = [host];
  for (let rest = host, dot = rest.indexOf('.'); dot >= 0; dot = rest.indexOf('.')) {
    rest = rest.slice(dot + 1);
    if (rest.includes('.')) names.push(rest);
  }
  return names;
}

export function sqliteSchoolListStore(db: Database): SchoolListStore {
  const selectOne = db.prepare('SELECT * FROM school_list_entries WHERE id = ?');
  const get = (id: string) => selectOne.get(id) as EntryRecord | undefined;
  const insertEntry = db.prepare(`
    INSERT INTO school_list_entries (id, action, target, kind, audience, reason, ends_at, report_id, created_by, created_role, created_at, school)
    VALUES (@id, @action, @target, @kind, @audience, @reason, @endsAt, @reportId, @createdBy, @createdRole, @createdAt, @school)
  `);
  const insertChange = db.prepare(`
    INSERT INTO school_list_trail (entry_id, at, actor, actor_role, change, reason, report_id, audience, ends_at)
    VALUES (@entryId, @at, @actor, @actorRole, @change, @reason, @reportId, @audience, @endsAt)
  `);
  const bumpVersion = db.prepare("UPDATE school_list_version SET version = lower(hex(randomblob(16))), changed_at = ? WHERE only = 1");
  const selectVersion = db.prepare('SELECT version FROM school_list_version WHERE only = 1').pluck();
  const selectHeld = db.prepare('SELECT * FROM school_list_entries WHERE ended_at IS NULL AND action = ? AND target = ? AND school = ?');
  const addReportTrail = db.prepare(
    "INSERT INTO report_trail (report_id, at, actor, action, status, note, school_list_entry_id) VALUES (?, ?, ?, 'school-list', NULL, ?, ?)",
  );
  const resolveReport = db.prepare("UPDATE reports SET status = 'resolved', updated_at = ? WHERE id = ? AND status <> 'resolved'");
  const addResolvedTrail = db.prepare("INSERT INTO report_trail (report_id, at, actor, action, status, note) VALUES (?, ?, ?, 'status', 'resolved', ?)");

  const recordChange = (entry: EntryRecord, change: SchoolListChangeKind, at: string, actor: StaffActor | null, reason: string | null, reportId: string | null) =>
    insertChange.run({
      entryId: entry.id,
      at,
      actor: actor?.username ?? '',
      actorRole: actor?.role ?? null,
      change,
      reason,
      reportId,
      audience: entry.audience,
      endsAt: entry.ends_at,
    });

  const linkReport = (link: ReportLink | null, entries: readonly EntryRecord[], change: SchoolListChangeKind, actor: StaffActor, at: string, reason: string) => {
    if (!link) return;
    for (const entry of entries) addReportTrail.run(link.reportId, at, actor.username, reportTrailNote(toEntry(entry), change, reason), entry.id);
    if (link.resolve && resolveReport.run(at, link.reportId).changes === 1) {
      addResolvedTrail.run(link.reportId, at, actor.username, `resolved with the school lists change above`);
    }
  };

  const expireDue = db.transaction((now: string) => {
    const due = db.prepare('SELECT * FROM school_list_entries WHERE ended_at IS NULL AND ends_at <= ? ORDER BY ends_at').all(now) as EntryRecord[];
    for (const entry of due) {
      db.prepare("UPDATE school_list_entries SET ended_at = ends_at, ended_how = 'expired' WHERE id = ?").run(entry.id);
      // At its end date, when it stopped applying on devices, whenever the endpoint notices.
      recordChange(entry, 'expired', entry.ends_at!, null, null, null);
    }
    if (due.length > 0) bumpVersion.run(now);
    return due.length;
  });

  const snapshot = db.transaction((schools: ListSchools) => {
    const condition = schoolsCondition(schools);
    return {
      version: selectVersion.get() as string,
      entries: (db.prepare(`SELECT * FROM school_list_entries WHERE ended_at IS NULL ${condition.sql} ORDER BY action, target`).all(...condition.params) as EntryRecord[]).map(toEntry),
    };
  });

  const add = db.transaction((entries: readonly NewSchoolListEntry[], actor: StaffActor, at: string, link: ReportLink | null) => {
    const held = entries.flatMap((entry) => (selectHeld.all(entry.action, entry.target, entry.school) as EntryRecord[]).map(toEntry));
    if (held.length > 0) return { alreadyListed: held };
    const added: EntryRecord[] = [];
    for (const entry of entries) {
      const id = randomUUID();
      insertEntry.run(entryRow(id, entry, actor, at, link));
      const record = get(id)!;
      recordChange(record, 'added', at, actor, entry.reason, link?.reportId ?? null);
      added.push(record);
    }
    linkReport(link, added, 'added', actor, at, entries[0]?.reason ?? '');
    bumpVersion.run(at);
    return { added: added.map(toEntry) };
  });

  const edit = db.transaction((id: string, change: { audience: ListAudience; endsAt: string | null; reason: string }, actor: StaffActor, at: string, link: ReportLink | null) => {
    const result = db
      .prepare('UPDATE school_list_entries SET audience = ?, ends_at = ?, reason = ?, updated_by = ?, updated_at = ? WHERE id = ? AND ended_at IS NULL')
      .run(JSON.stringify(change.audience), change.endsAt, change.reason, actor.username, at, id);
    if (result.changes !== 1) return null;
    const record = get(id)!;
    recordChange(record, 'edited', at, actor, change.reason, link?.reportId ?? null);
    linkReport(link, [record], 'edited', actor, at, change.reason);
    bumpVersion.run(at);
    return toEntry(record);
  });

  const remove = db.transaction((id: string, reason: string, actor: StaffActor, at: string, link: ReportLink | null) => {
    const result = db.prepare("UPDATE school_list_entries SET ended_at = ?, ended_how = 'removed', ended_by = ? WHERE id = ? AND ended_at IS NULL").run(at, actor.username, id);
    if (result.changes !== 1) return null;
    const record = get(id)!;
    recordChange(record, 'removed', at, actor, reason, link?.reportId ?? null);
    linkReport(link, [record], 'removed', actor, at, reason);
    bumpVersion.run(at);
    return toEntry(record);
  });


  return {
    async expireDue(now) {
      // The cheap check first: a device's every ask comes through here.
      const any = db.prepare('SELECT 1 FROM school_list_entries WHERE ended_at IS NULL AND ends_at <= ? LIMIT 1').get(now.toISOString());
      return any ? expireDue.immediate(now.toISOString()) : 0;
    },
    async version() {
      return selectVersion.get() as string;
    },
    async snapshot(schools) {
      return snapshot.deferred(schools);
    },
    async counts(schools) {
      const counts: ListCounts = { blockDomains: 0, blockPaths: 0, allowDomains: 0, allowPaths: 0 };
      const condition = schoolsCondition(schools);
      const rows = db.prepare(`SELECT action, kind, count(*) AS n FROM school_list_entries WHERE ended_at IS NULL ${condition.sql} GROUP BY action, kind`).all(...condition.params);
      for (const row of rows as { action: string; kind: string; n: number }[]) {
        const key = `${row.action}${row.kind === 'domain' ? 'Domains' : 'Paths'}` as keyof ListCounts;
        counts[key] = row.n;
      }
      return counts;
    },
    async add(entries, actor, at, link) {
      return add.immediate(entries, actor, at.toISOString(), link);
    },
    async edit(id, change, actor, at, link) {
      return edit.immediate(id, change, actor, at.toISOString(), link);
    },
    async remove(id, reason, actor, at, link) {
      return remove.immediate(id, reason, actor, at.toISOString(), link);
    },
    async get(id) {
      const record = get(id);
      if (!record) return null;
      const trail = db.prepare(`SELECT ${CHANGE_COLUMNS} FROM school_list_trail t JOIN school_list_entries e ON e.id = t.entry_id WHERE t.entry_id = ? ORDER BY t.at, t.seq`).all(id) as ChangeRecord[];
      return { ...toEntry(record), trail: trail.map(toChange) };
    },
    async list({ state, search, action, schools, offset, limit }) {
      const where = [state === 'in-force' ? 'ended_at IS NULL' : 'ended_at IS NOT NULL'];
      const params: unknown[] = [];
      if (schools !== undefined) {
        where.push('school IN (SELECT value FROM json_each(?))');
        params.push(JSON.stringify(schools));
      }
      if (search) {
        where.push("target LIKE ? ESCAPE '\\'");
        params.push(likeContaining(search.toLowerCase()));
      }
      if (action) {
        where.push('action = ?');
        params.push(action);
      }
      const order = state === 'in-force' ? 'created_at DESC, id' : 'ended_at DESC, id';
      const rows = db.prepare(`SELECT * FROM school_list_entries WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, limit, offset) as EntryRecord[];
      const total = db.prepare(`SELECT count(*) FROM school_list_entries WHERE ${where.join(' AND ')}`).pluck().get(...params) as number;
      return { entries: rows.map(toEntry), total };
    },
    async trail({ offset, limit, schools }) {
      const condition = schoolsCondition(schools, 'e.school');
      const where = condition.sql.replace(/^AND/, 'WHERE');
      const rows = db
        .prepare(`SELECT ${CHANGE_COLUMNS} FROM school_list_trail t JOIN school_list_entries e ON e.id = t.entry_id ${where} ORDER BY t.at DESC, t.seq DESC LIMIT ? OFFSET ?`)
        .all(...condition.params, limit, offset) as ChangeRecord[];
      const total = (
        schools === undefined
          ? db.prepare('SELECT count(*) FROM school_list_trail').pluck().get()
          : db.prepare(`SELECT count(*) FROM school_list_trail t JOIN school_list_entries e ON e.id = t.entry_id ${where}`).pluck().get(...condition.params)
      ) as number;
      return { changes: rows.map(toChange), total };
    },
    async covering(host, schools) {
      const names = hostAndParents(host);
      const marks = names.map(() => '?').join(', ');
      const condition = schoolsCondition(schools);
      const rows = db
        .prepare(
          `SELECT * FROM school_list_entries WHERE ended_at IS NULL AND (
             (kind = 'domain' AND target IN (${marks}))
             OR (kind = 'path' AND substr(target, 1, instr(target, '/') - 1) IN (${marks}))
           ) ${condition.sql} ORDER BY action DESC, target`,
        )
        .all(...names, ...names, ...condition.params) as EntryRecord[];
      return rows.map(toEntry);
    },
  };
}
