import type { Database } from 'better-sqlite3';
import type { EventType, FilterEvent } from '../../../../src/events/model';
import type { EventRow } from '../rows';
import type { GroupCommitter } from '../group-commit';
import { verificationOf } from './verification-columns';
import type { EventFilter, EventQuery, EventStore } from '../store';
import { sqliteClassifiedSites } from './classified-sites';
import { sqliteEventCounts } from './event-counts';

export { categoryOf } from '../event-columns';

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

/** The types nearly every row has: events_rare_by_type (migration 13) leaves them out, and a page of them is found in receive order at once. */
export const COMMON_TYPES: readonly EventType[] = ['navigation', 'search', 'heartbeat'];
/** events_rare_by_type's condition, word for word as migration 13 wrote it (a planner matches it as written). */
export const RARE_TYPES = `type NOT IN (${COMMON_TYPES.map((type) => `'${type}'`).join(', ')})`;

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
    // Said again in the index's own words: SQLite uses a partial index only when the query names its condition as written.
    if (filter.types.every((type) => !COMMON_TYPES.includes(type))) where.push(RARE_TYPES);
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

/** Inserts go through `ingest` (group commit; in the endpoint, onto the writer thread); reads use `db`, the main thread's connection. */
export function sqliteEventStore(db: Database, ingest: GroupCommitter): EventStore {
  return {
    ...sqliteEventCounts(db),
    ...sqliteClassifiedSites(db),

    insert: (events, receipt) => ingest.submit(events, receipt),

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
