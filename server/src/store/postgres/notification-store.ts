/** The notifications' tables on PostgreSQL: as ../sqlite/notification-store.ts, each message queued in the transaction that records its reason. */
import { randomUUID } from 'node:crypto';
import type { NoticeCount } from '../../notifications/digest-email';
import type { NewOutboxMessage, OutboxPayload } from '../../notifications/outbox-messages';
import type { NotificationStore, OutboxMessage } from '../store';
import type { PgDb } from './db';

async function queue(tx: PgDb, messages: readonly NewOutboxMessage[], at: string): Promise<void> {
  for (const message of messages) {
    await tx.run('INSERT INTO notification_outbox (id, kind, channel, payload, created_at, next_attempt_at) VALUES (@id, @kind, @channel, @payload, @at, @at)', {
      id: randomUUID(),
      kind: message.kind,
      channel: message.payload.channel,
      payload: JSON.stringify(message.payload),
      at,
    });
  }
}

export function postgresNotificationStore(db: PgDb): NotificationStore {
  return {
    async recordNotice(notice, receivedAt, messages) {
      const at = receivedAt.toISOString();
      return db.transaction(async (tx) => {
        const { alertId, change, risk, severity, yearGroup, openedAt, lastEvidenceAt, evidenceCount } = notice;
        const inserted = await tx.run(
          `INSERT INTO alert_notices (alert_id, change, risk, severity, year_group, opened_at, last_evidence_at, evidence_count, received_at)
           VALUES (@alertId, @change, @risk, @severity, @yearGroup, @openedAt, @lastEvidenceAt, @evidenceCount, @at)
           ON CONFLICT DO NOTHING`,
          { alertId, change, risk, severity, yearGroup, openedAt, lastEvidenceAt, evidenceCount, at },
        );
        if (inserted === 0) return false;
        await queue(tx, messages, at);
        return true;
      });
    },
    async noticeCounts(from, to) {
      return db.all<NoticeCount>(
        'SELECT change, risk, severity, count(*) AS count FROM alert_notices WHERE received_at >= @from AND received_at < @to GROUP BY change, risk, severity ORDER BY change, risk, severity',
        { from: from.toISOString(), to: to.toISOString() },
      );
    },
    async hasDigest(localDate) {
      return (await db.one('SELECT 1 FROM notification_digests WHERE local_date = @localDate', { localDate })) !== undefined;
    },
    async queueDigest(period, at, messages) {
      return db.transaction(async (tx) => {
        const inserted = await tx.run('INSERT INTO notification_digests (local_date, period_start, period_end, queued_at) VALUES (@localDate, @start, @end, @at) ON CONFLICT DO NOTHING', {
          localDate: period.localDate,
          start: period.start.toISOString(),
          end: period.end.toISOString(),
          at: at.toISOString(),
        });
        if (inserted === 0) return false;
        await queue(tx, messages, at.toISOString());
        return true;
      });
    },
    async claimDue(now, leaseUntil, limit) {
      return db.transaction(async (tx) => {
        // SKIP LOCKED: a message another process is claiming at this moment is its to send, not this one's.
        const due = await tx.all<{ id: string; kind: OutboxMessage['kind']; payload: string; attempts: number }>(
          'SELECT id, kind, payload, attempts FROM notification_outbox WHERE sent_at IS NULL AND next_attempt_at <= @now ORDER BY next_attempt_at, created_at LIMIT @limit FOR UPDATE SKIP LOCKED',
          { now: now.toISOString(), limit },
        );
        const claimed: OutboxMessage[] = [];
        for (const record of due) {
          await tx.run('UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = @leaseUntil WHERE id = @id', { leaseUntil: leaseUntil.toISOString(), id: record.id });
          claimed.push({ id: record.id, kind: record.kind, payload: JSON.parse(record.payload) as OutboxPayload, attempts: record.attempts + 1 });
        }
        return claimed;
      });
    },
    async markSent(id, at) {
      await db.run('UPDATE notification_outbox SET sent_at = @at, last_error = NULL WHERE id = @id', { at: at.toISOString(), id });
    },
    async markFailed(id, error, nextAttemptAt) {
      await db.run('UPDATE notification_outbox SET last_error = @error, next_attempt_at = @next WHERE id = @id AND sent_at IS NULL', { error: error.slice(0, 1000), next: nextAttemptAt.toISOString(), id });
    },
    async nextAttemptAt() {
      const row = await db.one<{ at: string | null }>('SELECT min(next_attempt_at) AS at FROM notification_outbox WHERE sent_at IS NULL');
      return row?.at ? new Date(row.at) : null;
    },
  };
}

/** Retention: notices, sent messages and digest records past the period. A message not yet sent is kept, however old. */
export async function purgeNotifications(tx: PgDb, cutoff: string): Promise<number> {
  return (
    (await tx.run('DELETE FROM alert_notices WHERE received_at < @cutoff', { cutoff })) +
    (await tx.run('DELETE FROM notification_outbox WHERE sent_at < @cutoff', { cutoff })) +
    (await tx.run('DELETE FROM notification_digests WHERE queued_at < @cutoff', { cutoff }))
  );
}
