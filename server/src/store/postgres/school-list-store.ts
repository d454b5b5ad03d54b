/**
 * The school lists on PostgreSQL: as ../sqlite/school-list-store.ts. Every change runs under one advisory
 * lock (SQLite's IMMEDIATE), so two staff adding the same site at once, in one process or two, get one
 * entry and an "already listed", and the version row moves once per change.
 */
import { randomUUID } from 'node:crypto';
import type { ListCounts } from '../../../../src/school-lists/limits';
import { reportTrailNote } from '../../school-lists/wording';
import type { SchoolListChangeKind } from '../rows';
import type { ListSchools, ReportLink, SchoolListStore, StaffActor } from '../store';
import { CHANGE_COLUMNS, entryRow, hostAndParents, likeContaining, toChange, toEntry, type ChangeRecord, type EntryRecord } from '../sqlite/school-list-store';
import type { PgDb } from './db';

const LISTS_LOCK = 'school-lists';

/** PostgreSQL's condition on the entries' schools, and its one array parameter (nothing for every school's). */
function schoolsCondition(schools: ListSchools, column = 'school'): string {
  return schools === undefined ? '' : `AND ${column} = ANY(@schools::text[])`;
}

function schoolsParams(schools: ListSchools): { schools?: string[] } {
  return schools === undefined ? {} : { schools: [...schools] };
}

export function postgresSchoolListStore(db: PgDb): SchoolListStore {
  const get = (tx: PgDb, id: string) => tx.one<EntryRecord>('SELECT * FROM school_list_entries WHERE id = @id', { id });
  const selectVersion = async (tx: PgDb) => (await tx.one<{ version: string }>('SELECT version FROM school_list_version WHERE "only" = 1'))!.version;
  const bumpVersion = (tx: PgDb, at: string) => tx.run(`UPDATE school_list_version SET version = replace(gen_random_uuid()::text, '-', ''), changed_at = @at WHERE "only" = 1`, { at });

  const recordChange = (tx: PgDb, entry: EntryRecord, change: SchoolListChangeKind, at: string, actor: StaffActor | null, reason: string | null, reportId: string | null) =>
    tx.run(
      `INSERT INTO school_list_trail (entry_id, at, actor, actor_role, change, reason, report_id, audience, ends_at)
       VALUES (@entryId, @at, @actor, @actorRole, @change, @reason, @reportId, @audience, @endsAt)`,
      { entryId: entry.id, at, actor: actor?.username ?? '', actorRole: actor?.role ?? null, change, reason, reportId, audience: entry.audience, endsAt: entry.ends_at },
    );

  const linkReport = async (tx: PgDb, link: ReportLink | null, entries: readonly EntryRecord[], change: SchoolListChangeKind, actor: StaffActor, at: string, reason: string) => {
    if (!link) return;
    for (const entry of entries) {
      await tx.run(`INSERT INTO report_trail (report_id, at, actor, action, status, note, school_list_entry_id) VALUES (@reportId, @at, @actor, 'school-list', NULL, @note, @entryId)`, {
        reportId: link.reportId,
        at,
        actor: actor.username,
        note: reportTrailNote(toEntry(entry), change, reason),
        entryId: entry.id,
      });
    }
    if (link.resolve && (await tx.run(`UPDATE reports SET status = 'resolved', updated_at = @at WHERE id = @reportId AND status <> 'resolved'`, { at, reportId: link.reportId })) === 1) {
      await tx.run(`INSERT INTO report_trail (report_id, at, actor, action, status, note) VALUES (@reportId, @at, @actor, 'status', 'resolved', @note)`, {
        reportId: link.reportId,
        at,
        actor: actor.username,
        note: 'resolved with the school lists change above',
      });
    }
  };

  return {
    async expireDue(now) {
      const at = now.toISOString();
      // The cheap check first: a device's every ask comes through here.
      if (!(await db.one('SELECT 1 FROM school_list_entries WHERE ended_at IS NULL AND ends_at <= @at LIMIT 1', { at }))) return 0;
      return db.transaction(async (tx) => {
        const due = await tx.all<EntryRecord>('SELECT * FROM school_list_entries WHERE ended_at IS NULL AND ends_at <= @at ORDER BY ends_at', { at });
        for (const entry of due) {
          await tx.run(`UPDATE school_list_entries SET ended_at = ends_at, ended_how = 'expired' WHERE id = @id`, { id: entry.id });
          // At its end date, when it stopped applying on devices, whenever the endpoint notices.
          await recordChange(tx, entry, 'expired', entry.ends_at!, null, null, null);
        }
        if (due.length > 0) await bumpVersion(tx, at);
        return due.length;
      }, LISTS_LOCK);
    },
    async version() {
      return selectVersion(db);
    },
    async snapshot(schools) {
      return db.transaction(async (tx) => {
        await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        const version = await selectVersion(tx);
        const entries = await tx.all<EntryRecord>(`SELECT * FROM school_list_entries WHERE ended_at IS NULL ${schoolsCondition(schools)} ORDER BY action, target`, schoolsParams(schools));
        return { version, entries: entries.map(toEntry) };
      });
    },
    async counts(schools) {
      const counts: ListCounts = { blockDomains: 0, blockPaths: 0, allowDomains: 0, allowPaths: 0 };
      const sql = `SELECT action, kind, count(*) AS n FROM school_list_entries WHERE ended_at IS NULL ${schoolsCondition(schools)} GROUP BY action, kind`;
      for (const row of await db.all<{ action: string; kind: string; n: number }>(sql, schoolsParams(schools))) {
        counts[`${row.action}${row.kind === 'domain' ? 'Domains' : 'Paths'}` as keyof ListCounts] = row.n;
      }
      return counts;
    },
    async add(entries, actor, when, link) {
      const at = when.toISOString();
      return db.transaction(async (tx) => {
        const held: EntryRecord[] = [];
        for (const entry of entries) held.push(...(await tx.all<EntryRecord>('SELECT * FROM school_list_entries WHERE ended_at IS NULL AND action = @action AND target = @target AND school = @school', entry)));
        if (held.length > 0) return { alreadyListed: held.map(toEntry) };
        const added: EntryRecord[] = [];
        for (const entry of entries) {
          const id = randomUUID();
          await tx.run(
            `INSERT INTO school_list_entries (id, action, target, kind, audience, reason, ends_at, report_id, created_by, created_role, created_at, school)
             VALUES (@id, @action, @target, @kind, @audience, @reason, @endsAt, @reportId, @createdBy, @createdRole, @createdAt, @school)`,
            entryRow(id, entry, actor, at, link),
          );
          const record = (await get(tx, id))!;
          await recordChange(tx, record, 'added', at, actor, entry.reason, link?.reportId ?? null);
          added.push(record);
        }
        await linkReport(tx, link, added, 'added', actor, at, entries[0]?.reason ?? '');
        await bumpVersion(tx, at);
        return { added: added.map(toEntry) };
      }, LISTS_LOCK);
    },
    async edit(id, change, actor, when, link) {
      const at = when.toISOString();
      return db.transaction(async (tx) => {
        const changed = await tx.run('UPDATE school_list_entries SET audience = @audience, ends_at = @endsAt, reason = @reason, updated_by = @actor, updated_at = @at WHERE id = @id AND ended_at IS NULL', {
          audience: JSON.stringify(change.audience),
          endsAt: change.endsAt,
          reason: change.reason,
          actor: actor.username,
          at,
          id,
        });
        if (changed !== 1) return null;
        const record = (await get(tx, id))!;
        await recordChange(tx, record, 'edited', at, actor, change.reason, link?.reportId ?? null);
        await linkReport(tx, link, [record], 'edited', actor, at, change.reason);
        await bumpVersion(tx, at);
        return toEntry(record);
      }, LISTS_LOCK);
    },
    async remove(id, reason, actor, when, link) {
      const at = when.toISOString();
      return db.transaction(async (tx) => {
        const changed = await tx.run(`UPDATE school_list_entries SET ended_at = @at, ended_how = 'removed', ended_by = @actor WHERE id = @id AND ended_at IS NULL`, { at, actor: actor.username, id });
        if (changed !== 1) return null;
        const record = (await get(tx, id))!;
        await recordChange(tx, record, 'removed', at, actor, reason, link?.reportId ?? null);
        await linkReport(tx, link, [record], 'removed', actor, at, reason);
        await bumpVersion(tx, at);
        return toEntry(record);
      }, LISTS_LOCK);
    },
    async get(id) {
      const record = await get(db, id);
      if (!record) return null;
      const trail = await db.all<ChangeRecord>(`SELECT ${CHANGE_COLUMNS} FROM school_list_trail t JOIN school_list_entries e ON e.id = t.entry_id WHERE t.entry_id = @id ORDER BY t.at, t.seq`, { id });
      return { ...toEntry(record), trail: trail.map(toChange) };
    },
    async list({ state, search, action, schools, offset, limit }) {
      const where = [state === 'in-force' ? 'ended_at IS NULL' : 'ended_at IS NOT NULL'];
      const params: Record<string, unknown> = { limit, offset, ...schoolsParams(schools) };
      if (schools !== undefined) where.push('school = ANY(@schools::text[])');
      if (search) {
        where.push(`target LIKE @search ESCAPE '\\'`);
        params.search = likeContaining(search.toLowerCase());
      }
      if (action) {
        where.push('action = @action');
        params.action = action;
      }
      const order = state === 'in-force' ? 'created_at DESC, id' : 'ended_at DESC, id';
      const rows = await db.all<EntryRecord>(`SELECT * FROM school_list_entries WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT @limit OFFSET @offset`, params);
      const { limit: _limit, offset: _offset, ...filter } = params;
      const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM school_list_entries WHERE ${where.join(' AND ')}`, filter))!.n;
      return { entries: rows.map(toEntry), total };
    },
    async trail({ offset, limit, schools }) {
      const where = schoolsCondition(schools, 'e.school').replace(/^AND/, 'WHERE');
      const rows = await db.all<ChangeRecord>(`SELECT ${CHANGE_COLUMNS} FROM school_list_trail t JOIN school_list_entries e ON e.id = t.entry_id ${where} ORDER BY t.at DESC, t.seq DESC LIMIT @limit OFFSET @offset`, {
        limit,
        offset,
        ...schoolsParams(schools),
      });
      const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM school_list_trail t JOIN school_list_entries e ON e.id = t.entry_id ${where}`, schoolsParams(schools)))!.n;
      return { changes: rows.map(toChange), total };
    },
    async covering(host, schools) {
      const rows = await db.all<EntryRecord>(
        `SELECT * FROM school_list_entries WHERE ended_at IS NULL AND (
           (kind = 'domain' AND target = ANY(@names))
           OR (kind = 'path' AND substr(target, 1, strpos(target, '/') - 1) = ANY(@names))
         ) ${schoolsCondition(schools)} ORDER BY action DESC, target`,
        { names: hostAndParents(host), ...schoolsParams(schools) },
      );
      return rows.map(toEntry);
    },
  };
}
