/**
 * Safeguarding alerts in SQLite: evidence joins a pupil's open alert for its
 * risk or opens one, in one transaction per batch (IMMEDIATE, so two batches
 * for one pupil never both open an alert). The rules are monitoring/incident.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { GroupCommitter } from '../group-commit';
import { blocksInBurst, joinsAlert, raisedOneStep, REPEAT_BLOCKS, REPEAT_LOOKBACK_MS, REPEAT_LOOKUP_CAP, REPEAT_WINDOW_MS } from '../../monitoring/incident';
import { higherSeverity, severityRank, type RiskId, type Severity } from '../../monitoring/risks';
import type { AlertEvidence, AlertStatus, AlertSummary, AlertTrailAction, AlertTrailEntry, EvidenceKind } from '../alert-rows';
import type { AlertChange, AlertQuery, AlertStore, NewEvidence } from '../store';
import { windowsJson, WINDOWS_TABLE } from './windows';
import { verificationOf } from './verification-columns';
import { SINGLE_SCHOOL_ID } from '../../schools/scope';
import { andSchool, withSchool } from '../school-filter';
import { statementCache } from './statements';

export interface AlertRecord {
  id: string;
  user: string;
  year_group: string | null;
  risk: string;
  severity: string;
  status: string;
  opened_at: string;
  last_evidence_at: string;
  evidence_count: number;
  school: string;
}

export interface EvidenceRecord {
  event_id: string;
  kind: string;
  severity: string;
  time: string;
  claimed_time: string | null;
  received_at: string;
  host: string;
  quote: string | null;
  description: string;
  verified: number;
  proof_problem: string | null;
}

export interface AlertTrailRecord {
  at: string;
  actor: string;
  action: string;
  status: string | null;
  severity: string | null;
  note: string | null;
}

export const ALERT_COLUMNS = 'id, user, year_group, risk, severity, status, opened_at, last_evidence_at, evidence_count, school';
/** With the event's identity check (migration 9), read from the event itself: an event already purged reads as not checked. */
export const EVIDENCE_COLUMNS = `event_id, kind, severity, time, claimed_time, received_at, host, quote, description,
  coalesce((SELECT verified FROM events WHERE events.id = alert_evidence.event_id), 0) AS verified,
  (SELECT proof_problem FROM events WHERE events.id = alert_evidence.event_id) AS proof_problem`;
/** Newest received first; within a batch, newest recorded time first. */
export const EVIDENCE_ORDER = 'received_at DESC, time DESC, seq DESC';
export const SELECT_ALERT_TRAIL = 'SELECT at, actor, action, status, severity, note FROM alert_trail WHERE alert_id = ? ORDER BY seq';

/** The actor of what the endpoint itself records as evidence arrives. */
export const ENDPOINT_ACTOR = 'endpoint';

export function toAlertSummary(record: AlertRecord): AlertSummary {
  return {
    id: record.id,
    user: record.user,
    yearGroup: record.year_group as AlertSummary['yearGroup'],
    risk: record.risk as RiskId,
    severity: record.severity as Severity,
    status: record.status as AlertStatus,
    openedAt: record.opened_at,
    lastEvidenceAt: record.last_evidence_at,
    evidenceCount: record.evidence_count,
    withheld: false,
    school: record.school,
  };
}

export function toEvidence(record: EvidenceRecord): AlertEvidence {
  return {
    eventId: record.event_id,
    kind: record.kind as EvidenceKind,
    severity: record.severity as Severity,
    time: record.time,
    claimedTime: record.claimed_time,
    receivedAt: record.received_at,
    host: record.host,
    quote: record.quote,
    description: record.description,
    verification: verificationOf(record.verified, record.proof_problem),
  };
}

export function toAlertTrailEntry(record: AlertTrailRecord): AlertTrailEntry {
  return {
    at: record.at,
    actor: record.actor,
    action: record.action as AlertTrailAction,
    status: record.status as AlertStatus | null,
    severity: record.severity as Severity | null,
    note: record.note,
  };
}

/** The alerts queue's filters as a WHERE clause (empty for none) and its parameters: both engines' lists. */
export function alertFilter({ status, risk, severity, school }: Pick<AlertQuery, 'status' | 'risk' | 'severity' | 'school'>): { clause: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (school !== undefined) (where.push('school = @school'), (params.school = school));
  if (status) (where.push('status = @status'), (params.status = status));
  if (risk) (where.push('risk = @risk'), (params.risk = risk));
  if (severity) (where.push('severity = @severity'), (params.severity = severity));
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** The overview's counts of alerts (both engines, each with its own windows table), every school's or one school's (../school-filter.ts). */
export const ALERT_COUNT_SQL = {
  openedPerWindow: (school: string | undefined, windowsTable: string) => `
    WITH ${windowsTable}
    SELECT w.name AS name, count(a.opened_at) AS alerts
    FROM windows w LEFT JOIN alerts a ON a.opened_at >= w.start_at AND a.opened_at < w.end_at ${andSchool(school, 'a.school')}
    GROUP BY w.position, w.name ORDER BY w.position`,
  openCounts: (school: string | undefined) => `SELECT severity, count(*) AS alerts FROM alerts WHERE status <> 'resolved' ${andSchool(school)} GROUP BY severity ORDER BY max(severity_rank) DESC`,
};

/** What one batch did to one alert: opened it, or found it at `before`. */
export interface Touched {
  opened: boolean;
  before: Severity;
}

export function sqliteAlertStore(db: Database, between: GroupCommitter['between']): AlertStore {
  const evidenceHeld = db.prepare('SELECT 1 FROM alert_evidence WHERE event_id = ? AND risk = ?');
  const earlierBlocks = db.prepare(`
    SELECT time FROM alert_evidence INDEXED BY alert_evidence_blocks
    WHERE user = @user AND category = @category AND received_at >= @since AND kind IN ('block', 'repeat') AND time BETWEEN @from AND @to
    LIMIT ${REPEAT_LOOKUP_CAP}
  `);
  const openAlert = db.prepare(`
    SELECT ${ALERT_COLUMNS} FROM alerts WHERE user = ? AND risk = ? AND school = ? AND status <> 'resolved' ORDER BY last_evidence_at DESC LIMIT 1
  `);
  const insertAlert = db.prepare(`
    INSERT INTO alerts (id, user, year_group, risk, severity, severity_rank, status, opened_at, last_evidence_at, evidence_count, updated_at, school)
    VALUES (@id, @user, @yearGroup, @risk, @severity, @severityRank, 'new', @at, @at, 0, @at, @school)
  `);
  const insertEvidence = db.prepare(`
    INSERT INTO alert_evidence (alert_id, event_id, risk, user, kind, severity, category, time, claimed_time, received_at, host, quote, description)
    VALUES (@alertId, @eventId, @risk, @user, @kind, @severity, @category, @time, @claimedTime, @receivedAt, @host, @quote, @description)
  `);
  const joinAlert = db.prepare(`
    UPDATE alerts SET severity = @severity, severity_rank = @severityRank, last_evidence_at = max(last_evidence_at, @at),
      evidence_count = evidence_count + 1, year_group = coalesce(@yearGroup, year_group), updated_at = @at
    WHERE id = @id
  `);
  const selectAlert = db.prepare(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = ?`);
  const addTrail = db.prepare('INSERT INTO alert_trail (alert_id, at, actor, action, status, severity, note) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const selectTrail = db.prepare(SELECT_ALERT_TRAIL);

  /** A block that makes REPEAT_BLOCKS or more in REPEAT_WINDOW_MS becomes `repeat`, one step more severe. */
  const withRepeats = (item: NewEvidence, receivedAt: Date): NewEvidence | (Omit<NewEvidence, 'kind'> & { kind: 'repeat' }) => {
    if (item.kind !== 'block' || item.category === null) return item;
    const at = Date.parse(item.time);
    const times = earlierBlocks
      .pluck()
      .all({
        user: item.user,
        category: item.category,
        since: new Date(receivedAt.getTime() - REPEAT_LOOKBACK_MS).toISOString(),
        from: new Date(at - REPEAT_WINDOW_MS).toISOString(),
        to: new Date(at + REPEAT_WINDOW_MS).toISOString(),
      }) as string[];
    const count = blocksInBurst(at, times.map(Date.parse));
    if (count < REPEAT_BLOCKS) return item;
    const minutes = REPEAT_WINDOW_MS / 60_000;
    // Read up to the cap, the count is a lower bound: say so.
    const howMany = times.length >= REPEAT_LOOKUP_CAP ? `${count} or more` : String(count);
    return {
      ...item,
      kind: 'repeat',
      severity: raisedOneStep(item.severity),
      description: `${item.description}: ${howMany} such blocks within ${minutes} minutes`,
    };
  };

  const addEvidence = db.transaction((evidence: readonly NewEvidence[], receivedAt: Date, school: string): AlertChange[] => {
    const at = receivedAt.toISOString();
    const touched = new Map<string, Touched>();
    for (const incoming of evidence) {
      if (evidenceHeld.get(incoming.eventId, incoming.risk)) continue;
      const item = withRepeats(incoming, receivedAt);
      let alert = openAlert.get(item.user, item.risk, school) as AlertRecord | undefined;
      if (alert && !joinsAlert({ status: alert.status as AlertStatus, lastEvidenceAt: alert.last_evidence_at }, receivedAt)) alert = undefined;
      if (!alert) {
        const id = randomUUID();
        insertAlert.run({ id, user: item.user, yearGroup: item.yearGroup, risk: item.risk, severity: item.severity, severityRank: severityRank(item.severity), at, school });
        alert = selectAlert.get(id) as AlertRecord;
        touched.set(id, { opened: true, before: item.severity });
      } else if (!touched.has(alert.id)) {
        touched.set(alert.id, { opened: false, before: alert.severity as Severity });
      }
      insertEvidence.run({ ...item, alertId: alert.id, receivedAt: at });
      const severity = higherSeverity(alert.severity as Severity, item.severity);
      joinAlert.run({ id: alert.id, severity, severityRank: severityRank(severity), at, yearGroup: item.yearGroup });
    }

    const changes: AlertChange[] = [];
    for (const [id, { opened, before }] of touched) {
      const alert = toAlertSummary(selectAlert.get(id) as AlertRecord);
      if (opened) {
        addTrail.run(id, at, ENDPOINT_ACTOR, 'opened', 'new', alert.severity, null);
        changes.push({ alert, change: 'opened' });
      } else if (severityRank(alert.severity) > severityRank(before)) {
        addTrail.run(id, at, ENDPOINT_ACTOR, 'raised', null, alert.severity, null);
        changes.push({ alert, change: 'raised' });
      }
    }
    return changes;
  });

  const setStatus = db.transaction((id: string, status: AlertStatus, actor: string, note: string | null, at: string) => {
    const result = db.prepare('UPDATE alerts SET status = ?, updated_at = ? WHERE id = ?').run(status, at, id);
    if (result.changes === 1) addTrail.run(id, at, actor, 'status', status, null, note);
    return result.changes === 1;
  });

  const addNote = db.transaction((id: string, actor: string, note: string, at: string) => {
    const result = db.prepare('UPDATE alerts SET updated_at = ? WHERE id = ?').run(at, id);
    if (result.changes === 1) addTrail.run(id, at, actor, 'note', null, null, note);
    return result.changes === 1;
  });

  // Alerts are few beside events (one per pupil and incident): these read the table without an index of their own.
  const statement = statementCache(db);

  const get = db.transaction((id: string, offset: number, limit: number) => {
    const record = selectAlert.get(id) as AlertRecord | undefined;
    if (!record) return null;
    const evidence = db.prepare(`SELECT ${EVIDENCE_COLUMNS} FROM alert_evidence WHERE alert_id = ? ORDER BY ${EVIDENCE_ORDER} LIMIT ? OFFSET ?`).all(id, limit, offset) as EvidenceRecord[];
    return {
      ...toAlertSummary(record),
      evidence: evidence.map(toEvidence),
      evidenceOffset: offset,
      evidenceLimit: limit,
      trail: (selectTrail.all(id) as AlertTrailRecord[]).map(toAlertTrailEntry),
    };
  });

  return {
    async addEvidence(evidence, receivedAt, school) {
      if (evidence.length === 0) return [];
      // Every upload with a block may bring evidence: written between event groups, so it never waits for the writer thread's lock with the event loop stopped.
      return between(() => addEvidence.immediate(evidence, receivedAt, school ?? SINGLE_SCHOOL_ID));
    },
    async list({ offset, limit, ...filters }) {
      const { clause, params } = alertFilter(filters);
      const rows = db.prepare(`SELECT ${ALERT_COLUMNS} FROM alerts ${clause} ORDER BY status = 'resolved', severity_rank DESC, last_evidence_at DESC, id LIMIT @limit OFFSET @offset`).all({ ...params, limit, offset }) as AlertRecord[];
      const total = db.prepare(`SELECT count(*) FROM alerts ${clause}`).pluck().get(params) as number;
      return { alerts: rows.map(toAlertSummary), total, offset, limit };
    },
    async get(id, page) {
      return get.deferred(id, page.offset, page.limit);
    },
    async setStatus(id, status, actor, note, at) {
      return setStatus.immediate(id, status, actor.username, note, at.toISOString());
    },
    async addNote(id, actor, note, at) {
      return addNote.immediate(id, actor.username, note, at.toISOString());
    },
    async openedPerWindow(windows, school) {
      return statement(ALERT_COUNT_SQL.openedPerWindow(school, WINDOWS_TABLE)).all(withSchool({ windows: windowsJson(windows) }, school)) as { name: string; alerts: number }[];
    },
    async openCounts(school) {
      return statement(ALERT_COUNT_SQL.openCounts(school)).all(withSchool({}, school)) as { severity: Severity; alerts: number }[];
    },
  };
}
