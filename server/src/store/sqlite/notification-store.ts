/**
 * The notifications' tables (migration 7): the notices received, the outbox and the digests. Every
 * queueing step is one transaction with the record that justifies it, so a message exists if and only if
 * its notice (or its day's digest) was recorded.
 */
import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { NoticeCount } from '../../notifications/digest-email';
import type { NewOutboxMessage, OutboxPayload } from '../../notifications/outbox-messages';
import type { NotificationStore, OutboxMessage } from '../store';

interface OutboxRecord {
  id: string;
  kind: OutboxMessage['kind'];
  payload: string;
  attempts: number;
}

export function sqliteNotificationStore(db: Database): NotificationStore {
  const insertNotice = db.prepare(
    `INSERT OR IGNORE INTO alert_notices (alert_id, change, risk, severity, year_group, opened_at, last_evidence_at, evidence_count, received_at)
     VALUES (@alertId, @change, @risk, @severity, @yearGroup, @openedAt, @lastEvidenceAt, @evidenceCount, @receivedAt)`,
  );
  const insertMessage = db.prepare('INSERT INTO notification_outbox (id, kind, channel, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)');
  const queue = (messages: readonly NewOutboxMessage[], at: string) => {
    for (const message of messages) insertMessage.run(randomUUID(), message.kind, message.payload.channel, JSON.stringify(message.payload), at, at);
  };
  const recordNotice = db.transaction((notice: Record<string, unknown>, at: string, messages: readonly NewOutboxMessage[]) => {
    if (insertNotice.run({ ...notice, receivedAt: at }).changes === 0) return false;
    queue(messages, at);
    return true;
  });
  const insertDigest = db.prepare('INSERT OR IGNORE INTO notification_digests (local_date, period_start, period_end, queued_at) VALUES (?, ?, ?, ?)');
  const queueDigest = db.transaction((localDate: string, start: string, end: string, at: string, messages: readonly NewOutboxMessage[]) => {
    if (insertDigest.run(localDate, start, end, at).changes === 0) return false;
    queue(messages, at);
    return true;
  });
  const due = db.prepare('SELECT id, kind, payload, attempts FROM notification_outbox WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?');
  const lease = db.prepare('UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?');
  const claim = db.transaction((now: string, leaseUntil: string, limit: number): OutboxMessage[] =>
    (due.all(now, limit) as OutboxRecord[]).map((record) => {
      lease.run(leaseUntil, record.id);
      return { id: record.id, kind: record.kind, payload: JSON.parse(record.payload) as OutboxPayload, attempts: record.attempts + 1 };
    }),
  );

  return {
    async recordNotice(notice, receivedAt, messages) {
      const { alertId, change, risk, severity, yearGroup, openedAt, lastEvidenceAt, evidenceCount } = notice;
      return recordNotice.immediate({ alertId, change, risk, severity, yearGroup, openedAt, lastEvidenceAt, evidenceCount }, receivedAt.toISOString(), messages);
    },
    async noticeCounts(from, to) {
      return db
        .prepare('SELECT change, risk, severity, count(*) AS count FROM alert_notices WHERE received_at >= ? AND received_at < ? GROUP BY change, risk, severity ORDER BY change, risk, severity')
        .all(from.toISOString(), to.toISOString()) as NoticeCount[];
    },
    async hasDigest(localDate) {
      return db.prepare('SELECT 1 FROM notification_digests WHERE local_date = ?').get(localDate) !== undefined;
    },
    async queueDigest(period, at, messages) {
      return queueDigest.immediate(period.localDate, period.start.toISOString(), period.end.toISOString(), at.toISOString(), messages);
    },
    async claimDue(now, leaseUntil, limit) {
      return claim.immediate(now.toISOString(), leaseUntil.toISOString(), limit);
    },
    async markSent(id, at) {
      db.prepare('UPDATE notification_outbox SET sent_at = ?, last_error = NULL WHERE id = ?').run(at.toISOString(), id);
    },
    async markFailed(id, error, nextAttemptAt) {
      db.prepare('UPDATE notification_outbox SET last_error = ?, next_attempt_at = ? WHERE id = ? AND sent_at IS NULL').run(error.slice(0, 1000), nextAttemptAt.toISOString(), id);
    },
    async nextAttemptAt() {
      const at = db.prepare('SELECT min(next_attempt_at) FROM notification_outbox WHERE sent_at IS NULL').pluck().get() as string | null;
      return at === null ? null : new Date(at);
    },
  };
}

/** Retention: notices, sent messages and digest records past the period. A message not yet sent is kept, however old. */
export function purgeNotifications(db: Database, cutoff: string): number {
  return (
    db.prepare('DELETE FROM alert_notices WHERE received_at < ?').run(cutoff).changes +
    db.prepare('DELETE FROM notification_outbox WHERE sent_at < ?').run(cutoff).changes +
    db.prepare('DELETE FROM notification_digests WHERE queued_at < ?').run(cutoff).changes
  );
}
