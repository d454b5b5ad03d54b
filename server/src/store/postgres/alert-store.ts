/**
 * Safeguarding alerts on PostgreSQL: as ../sqlite/alert-store.ts (the rules are monitoring/incident.ts).
 * A batch's evidence is folded under one advisory lock (SQLite's IMMEDIATE): two batches, in this process or
 * another, never both open an alert for one pupil and risk.
 */
import { randomUUID } from 'node:crypto';
import { blocksInBurst, joinsAlert, raisedOneStep, REPEAT_BLOCKS, REPEAT_LOOKBACK_MS, REPEAT_LOOKUP_CAP, REPEAT_WINDOW_MS } from '../../monitoring/incident';
import { higherSeverity, severityRank, type Severity } from '../../monitoring/risks';
import type { AlertStatus } from '../alert-rows';
import type { AlertChange, AlertStore, NewEvidence } from '../store';
import { withSchool } from '../school-filter';
import { ALERT_COUNT_SQL, alertFilter, ENDPOINT_ACTOR, EVIDENCE_COLUMNS, EVIDENCE_ORDER, SELECT_ALERT_TRAIL, toAlertSummary, toAlertTrailEntry, toEvidence, type AlertRecord, type AlertTrailRecord, type EvidenceRecord, type Touched } from '../sqlite/alert-store';
import type { PgDb } from './db';
import { SINGLE_SCHOOL_ID } from '../../schools/scope';
import { windowsJson, WINDOWS_TABLE } from './windows';

const ALERT_COLUMNS = 'id, "user", year_group, risk, severity, status, opened_at, last_evidence_at, evidence_count, school';
const ALERTS_LOCK = 'alerts';

export function postgresAlertStore(db: PgDb): AlertStore {
  const selectAlert = (tx: PgDb, id: string) => tx.one<AlertRecord>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = @id`, { id });
  const addTrail = (tx: PgDb, id: string, at: string, actor: string, action: string, status: string | null, severity: string | null, note: string | null) =>
    tx.run('INSERT INTO alert_trail (alert_id, at, actor, action, status, severity, note) VALUES (@id, @at, @actor, @action, @status, @severity, @note)', { id, at, actor, action, status, severity, note });

  /** A block that makes REPEAT_BLOCKS or more in REPEAT_WINDOW_MS becomes `repeat`, one step more severe. */
  const withRepeats = async (tx: PgDb, item: NewEvidence, receivedAt: Date): Promise<NewEvidence | (Omit<NewEvidence, 'kind'> & { kind: 'repeat' })> => {
    if (item.kind !== 'block' || item.category === null) return item;
    const at = Date.parse(item.time);
    const rows = await tx.all<{ time: string }>(
      `SELECT time FROM alert_evidence
       WHERE "user" = @user AND category = @category AND received_at >= @since AND kind IN ('block', 'repeat') AND time BETWEEN @from AND @to
       LIMIT ${REPEAT_LOOKUP_CAP}`,
      {
        user: item.user,
        category: item.category,
        since: new Date(receivedAt.getTime() - REPEAT_LOOKBACK_MS).toISOString(),
        from: new Date(at - REPEAT_WINDOW_MS).toISOString(),
        to: new Date(at + REPEAT_WINDOW_MS).toISOString(),
      },
    );
    const times = rows.map((row) => row.time);
    const count = blocksInBurst(at, times.map(Date.parse));
    if (count < REPEAT_BLOCKS) return item;
    const minutes = REPEAT_WINDOW_MS / 60_000;
    // Read up to the cap, the count is a lower bound: say so.
    const howMany = times.length >= REPEAT_LOOKUP_CAP ? `${count} or more` : String(count);
    return { ...item, kind: 'repeat', severity: raisedOneStep(item.severity), description: `${item.description}: ${howMany} such blocks within ${minutes} minutes` };
  };

  const addEvidence = async (tx: PgDb, evidence: readonly NewEvidence[], receivedAt: Date, school: string): Promise<AlertChange[]> => {
    const at = receivedAt.toISOString();
    const touched = new Map<string, Touched>();
    for (const incoming of evidence) {
      if (await tx.one('SELECT 1 FROM alert_evidence WHERE event_id = @eventId AND risk = @risk', { eventId: incoming.eventId, risk: incoming.risk })) continue;
      const item = await withRepeats(tx, incoming, receivedAt);
      let alert = await tx.one<AlertRecord>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE "user" = @user AND risk = @risk AND school = @school AND status <> 'resolved' ORDER BY last_evidence_at DESC LIMIT 1`, { user: item.user, risk: item.risk, school });
      if (alert && !joinsAlert({ status: alert.status as AlertStatus, lastEvidenceAt: alert.last_evidence_at }, receivedAt)) alert = undefined;
      if (!alert) {
        const id = randomUUID();
        await tx.run(
          `INSERT INTO alerts (id, "user", year_group, risk, severity, severity_rank, status, opened_at, last_evidence_at, evidence_count, updated_at, school)
           VALUES (@id, @user, @yearGroup, @risk, @severity, @severityRank, 'new', @at, @at, 0, @at, @school)`,
          { id, user: item.user, yearGroup: item.yearGroup, risk: item.risk, severity: item.severity, severityRank: severityRank(item.severity), at, school },
        );
        alert = (await selectAlert(tx, id))!;
        touched.set(id, { opened: true, before: item.severity });
      } else if (!touched.has(alert.id)) {
        touched.set(alert.id, { opened: false, before: alert.severity as Severity });
      }
      await tx.run(
        `INSERT INTO alert_evidence (alert_id, event_id, risk, "user", kind, severity, category, time, claimed_time, received_at, host, quote, description)
         VALUES (@alertId, @eventId, @risk, @user, @kind, @severity, @category, @time, @claimedTime, @receivedAt, @host, @quote, @description)`,
        {
          alertId: alert.id,
          eventId: item.eventId,
          risk: item.risk,
          user: item.user,
          kind: item.kind,
          severity: item.severity,
          category: item.category,
          time: item.time,
          claimedTime: item.claimedTime,
          receivedAt: at,
          host: item.host,
          quote: item.quote,
          description: item.description,
        },
      );
      const severity = higherSeverity(alert.severity as Severity, item.severity);
      await tx.run(
        `UPDATE alerts SET severity = @severity, severity_rank = @severityRank, last_evidence_at = greatest(last_evidence_at, @at),
           evidence_count = evidence_count + 1, year_group = coalesce(@yearGroup, year_group), updated_at = @at
         WHERE id = @id`,
        { id: alert.id, severity, severityRank: severityRank(severity), at, yearGroup: item.yearGroup },
      );
    }

    const changes: AlertChange[] = [];
    for (const [id, { opened, before }] of touched) {
      const alert = toAlertSummary((await selectAlert(tx, id))!);
      if (opened) {
        await addTrail(tx, id, at, ENDPOINT_ACTOR, 'opened', 'new', alert.severity, null);
        changes.push({ alert, change: 'opened' });
      } else if (severityRank(alert.severity) > severityRank(before)) {
        await addTrail(tx, id, at, ENDPOINT_ACTOR, 'raised', null, alert.severity, null);
        changes.push({ alert, change: 'raised' });
      }
    }
    return changes;
  };

  return {
    async addEvidence(evidence, receivedAt, school) {
      if (evidence.length === 0) return [];
      return db.transaction((tx) => addEvidence(tx, evidence, receivedAt, school ?? SINGLE_SCHOOL_ID), ALERTS_LOCK);
    },
    async list({ offset, limit, ...filters }) {
      const { clause, params } = alertFilter(filters);
      const rows = await db.all<AlertRecord>(`SELECT ${ALERT_COLUMNS} FROM alerts ${clause} ORDER BY status = 'resolved', severity_rank DESC, last_evidence_at DESC, id LIMIT @limit OFFSET @offset`, { ...params, limit, offset });
      const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM alerts ${clause}`, params))?.n ?? 0;
      return { alerts: rows.map(toAlertSummary), total, offset, limit };
    },
    async get(id, { offset, limit }) {
      // One snapshot: the alert, its evidence page and its trail as of one moment.
      return db.transaction(async (tx) => {
        await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        const record = await selectAlert(tx, id);
        if (!record) return null;
        const evidence = await tx.all<EvidenceRecord>(`SELECT ${EVIDENCE_COLUMNS} FROM alert_evidence WHERE alert_id = @id ORDER BY ${EVIDENCE_ORDER} LIMIT @limit OFFSET @offset`, { id, limit, offset });
        const trail = await tx.all<AlertTrailRecord>(SELECT_ALERT_TRAIL.replace('?', '@id'), { id });
        return { ...toAlertSummary(record), evidence: evidence.map(toEvidence), evidenceOffset: offset, evidenceLimit: limit, trail: trail.map(toAlertTrailEntry) };
      });
    },
    async setStatus(id, status, actor, note, at) {
      return db.transaction(async (tx) => {
        const changed = await tx.run('UPDATE alerts SET status = @status, updated_at = @at WHERE id = @id', { status, at: at.toISOString(), id });
        if (changed === 1) await addTrail(tx, id, at.toISOString(), actor.username, 'status', status, null, note);
        return changed === 1;
      }, ALERTS_LOCK);
    },
    async addNote(id, actor, note, at) {
      return db.transaction(async (tx) => {
        const changed = await tx.run('UPDATE alerts SET updated_at = @at WHERE id = @id', { at: at.toISOString(), id });
        if (changed === 1) await addTrail(tx, id, at.toISOString(), actor.username, 'note', null, null, note);
        return changed === 1;
      });
    },
    async openedPerWindow(windows, school) {
      return db.all<{ name: string; alerts: number }>(ALERT_COUNT_SQL.openedPerWindow(school, WINDOWS_TABLE), withSchool({ windows: windowsJson(windows) }, school));
    },
    async openCounts(school) {
      return db.all<{ severity: Severity; alerts: number }>(ALERT_COUNT_SQL.openCounts(school), withSchool({}, school));
    },
  };
}
