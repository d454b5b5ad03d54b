import type { Database } from 'better-sqlite3';
import type { FilterEvent } from '../../../../src/events/model';
import type { EventRow } from '../rows';
import { bindRecord } from '../../auth/identity-proof/binding';
import { recordedTime } from '../event-time';
import { receiptSchool } from '../../schools/scope';
import { verificationColumns, verificationOf } from './verification-columns';
import type { EventFilter, EventQuery, EventStore, Receipt } from '../store';
import { deviceRecorder, type StoredEvent } from './device-records';
import { sqliteClassifiedSites } from './classified-sites';
import { sqliteEventCounts } from './event-counts';

/** The category a row is searched and alerted by: blocks, warnings and reports carry one. */
export function categoryOf(event: FilterEvent): string | null {
  return 'category' in event && typeof event.category === 'string' ? event.category : null;
}

export interface EventRecord {
  body: string;
  time: string;
  claimed_time: string | null;
  received_at: string;
  client_ip: string;
  token_label: string;
  school: string;
  verified: number;
  proof_problem: string | null;
}

/** The columns toEventRow reads. */
export const EVENT_ROW_COLUMNS = 'body, time, claimed_time, received_at, client_ip, token_label, school, verified, proof_problem';

/** The one order every list of events is in (see EventStore.search); ties in receive time are one batch. */
export const EVENT_ORDER = 'received_at DESC, time DESC, id DESC';

export function toEventRow(record: EventRecord): EventRow {
  return {
    event: JSON.parse(record.body) as FilterEvent,
    time: record.time,
    claimedTime: record.claimed_time,
    receivedAt: record.received_at,
    clientIp: record.client_ip,
    tokenLabel: record.token_label,
    school: record.school,
    verification: verificationOf(record.verified, record.proof_problem),
  };
}

/** Shared by both engines: "user" is quoted, as PostgreSQL reserves the word (SQLite accepts either). */
export function whereOf(filter: EventFilter): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.school !== undefined) {
    where.push('school = @school');
    params.school = filter.school;
  }
  if (filter.user) {
    where.push('"user" = @user');
    params.user = filter.user;
  }
  if (filter.device) {
    where.push('(device_directory_id = @device OR device_serial_number = @device OR device_asset_id = @device)');
    params.device = filter.device;
  }
  if (filter.categories?.length) {
    where.push(`category IN (${filter.categories.map((_, i) => `@category${i}`).join(', ')})`);
    filter.categories.forEach((category, i) => (params[`category${i}`] = category));
  }
  if (filter.types?.length) {
    where.push(`type IN (${filter.types.map((_, i) => `@type${i}`).join(', ')})`);
    filter.types.forEach((type, i) => (params[`type${i}`] = type));
  }
  if (filter.host) {
    where.push('host = @host');
    params.host = filter.host;
  }
  if (filter.from) {
    where.push('time >= @from');
    params.from = filter.from.toISOString();
  }
  if (filter.to) {
    where.push('time < @to');
    params.to = filter.to.toISOString();
  }
  if (filter.receivedFrom) {
    where.push('received_at >= @receivedFrom');
    params.receivedFrom = filter.receivedFrom.toISOString();
  }
  return { where, params };
}

/** A page of events (EventStore.search) as one statement both engines run: `@name` parameters, EVENT_ORDER, keyset paging. */
export function searchStatement(query: EventQuery): { sql: string; params: Record<string, unknown> } {
  const { where, params } = whereOf(query);
  if (query.after) {
    // Row values compare left to right, matching EVENT_ORDER (every key descending).
    where.push('(received_at, time, id) < (@afterReceivedAt, @afterTime, @afterId)');
    Object.assign(params, { afterReceivedAt: query.after.receivedAt, afterTime: query.after.time, afterId: query.after.id });
  }
  params.limit = query.limit;
  return { sql: `SELECT ${EVENT_ROW_COLUMNS} FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${EVENT_ORDER} LIMIT @limit`, params };
}

/** How many events match (EventStore.count), as `n`. */
export function countStatement(filter: EventFilter): { sql: string; params: Record<string, unknown> } {
  const { where, params } = whereOf(filter);
  return { sql: `SELECT count(*) AS n FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, params };
}

export function sqliteEventStore(db: Database): EventStore {
  const insertOne = db.prepare(`
    INSERT OR IGNORE INTO events (id, type, time, claimed_time, received_at, client_ip, token_label, school, user, device_directory_id, device_serial_number, device_asset_id, category, body, verified, proof_problem)
    VALUES (@id, @type, @time, @claimedTime, @receivedAt, @clientIp, @tokenLabel, @school, @user, @directoryId, @serialNumber, @assetId, @category, @body, @verified, @proofProblem)
  `);

  const recordDevices = deviceRecorder(db);
  const insertBatch = db.transaction((events: readonly FilterEvent[], receipt: Receipt) => {
    const receivedAt = receipt.receivedAt.toISOString();
    const stored: StoredEvent[] = [];
    for (const event of events) {
      const recorded = recordedTime(event.time, receipt.receivedAt);
      const result = insertOne.run({
        id: event.id,
        type: event.type,
        time: recorded.time,
        claimedTime: recorded.claimedTime,
        receivedAt,
        clientIp: receipt.clientIp,
        tokenLabel: receipt.tokenLabel,
        school: receiptSchool(receipt),
        user: event.user,
        directoryId: event.device.directoryId,
        serialNumber: event.device.serialNumber,
        assetId: event.device.assetId,
        category: categoryOf(event),
        body: JSON.stringify(event),
        ...verificationColumns(bindRecord(event.user, receipt.proof ?? null)),
      });
      if (result.changes === 1) stored.push({ event, ...recorded });
    }
    // Only new events move a device's record, so a replayed batch changes nothing.
    recordDevices(stored, receipt);
    return { accepted: stored.length, duplicates: events.length - stored.length };
  });

  return {
    ...sqliteEventCounts(db),
    ...sqliteClassifiedSites(db),

    async insert(events, receipt) {
      // IMMEDIATE takes the write lock up front: two batches never interleave.
      return insertBatch.immediate(events, receipt);
    },

    async search(query: EventQuery) {
      const { sql, params } = searchStatement(query);
      return (db.prepare(sql).all(params) as EventRecord[]).map(toEventRow);
    },

    async count(filter: EventFilter) {
      const { sql, params } = countStatement(filter);
      return (db.prepare(sql).get(params) as { n: number }).n;
    },
  };
}
