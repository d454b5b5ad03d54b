import type { FilterEvent } from '../../../../src/events/model';
import { bindRecord } from '../../auth/identity-proof/binding';
import { recordedTime } from '../event-time';
import { receiptSchool } from '../../schools/scope';
import type { EventFilter, EventQuery, EventStore, Receipt } from '../store';
import { categoryOf, countStatement, searchStatement, toEventRow, type EventRecord } from '../sqlite/event-store';
import type { StoredEvent } from '../sqlite/device-records';
import { verificationColumns } from '../sqlite/verification-columns';
import type { PgDb } from './db';
import { devicesToLock, recordDevices } from './device-records';
import { postgresEventCounts } from './event-counts';
import { postgresClassifiedSites } from './classified-sites';

/**
 * One statement for the whole batch (a column of values each). ON CONFLICT DO NOTHING: an id already held,
 * or being stored by another process's transaction at this moment (PostgreSQL waits for it), is a duplicate,
 * so a batch posted twice at once is stored once. RETURNING names the rows this call stored.
 */
const INSERT_BATCH = `
  INSERT INTO events (id, type, time, claimed_time, received_at, client_ip, token_label, school, "user", device_directory_id, device_serial_number, device_asset_id, category, body, verified, proof_problem)
  SELECT id, type, time, claimed_time, @receivedAt, @clientIp, @tokenLabel, @school, "user", directory_id, serial_number, asset_id, category, body, verified, proof_problem
  FROM unnest(@ids::text[], @types::text[], @times::text[], @claimedTimes::text[], @users::text[], @directoryIds::text[], @serialNumbers::text[], @assetIds::text[], @categories::text[], @bodies::text[],
      @verifieds::int[], @proofProblems::text[])
    AS batch (id, type, time, claimed_time, "user", directory_id, serial_number, asset_id, category, body, verified, proof_problem)
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

export function postgresEventStore(db: PgDb): EventStore {
  async function insertBatch(tx: PgDb, events: readonly FilterEvent[], receipt: Receipt) {
    const recorded = events.map((event) => recordedTime(event.time, receipt.receivedAt));
    // Each event is verified only if the proof is valid and names its own account (binding.ts).
    const verification = events.map((event) => verificationColumns(bindRecord(event.user, receipt.proof ?? null)));
    // The rows go in in id order: two transactions storing overlapping batches take their rows' locks in one order, never in a
    // circle. A stable sort, so of one id named twice the batch's first is stored, as SQLite's INSERT OR IGNORE row by row does.
    const order = events.map((_, index) => index).sort((a, b) => (events[a]!.id < events[b]!.id ? -1 : events[a]!.id > events[b]!.id ? 1 : 0));
    const column = <T>(value: (index: number) => T) => order.map(value);
    const rows = await tx.all<{ id: string }>(INSERT_BATCH, {
      receivedAt: receipt.receivedAt.toISOString(),
      clientIp: receipt.clientIp,
      tokenLabel: receipt.tokenLabel,
      school: receiptSchool(receipt),
      ids: column((i) => events[i]!.id),
      types: column((i) => events[i]!.type),
      times: column((i) => recorded[i]!.time),
      claimedTimes: column((i) => recorded[i]!.claimedTime),
      users: column((i) => events[i]!.user),
      directoryIds: column((i) => events[i]!.device.directoryId),
      serialNumbers: column((i) => events[i]!.device.serialNumber),
      assetIds: column((i) => events[i]!.device.assetId),
      categories: column((i) => categoryOf(events[i]!)),
      bodies: column((i) => JSON.stringify(events[i])),
      verifieds: column((i) => verification[i]!.verified),
      proofProblems: column((i) => verification[i]!.proofProblem),
    });
    const storedIds = new Set(rows.map((row) => row.id));
    // In the batch's own order (the device records fold ties in it), each stored id once.
    const stored: StoredEvent[] = [];
    events.forEach((event, index) => {
      if (storedIds.delete(event.id)) stored.push({ event, ...recorded[index]! });
    });
    // Only new events move a device's record, so a replayed batch changes nothing.
    await recordDevices(tx, stored, receipt);
    return { accepted: stored.length, duplicates: events.length - stored.length };
  }

  return {
    ...postgresEventCounts(db),
    ...postgresClassifiedSites(db),

    async insert(events, receipt) {
      if (events.length === 0) return { accepted: 0, duplicates: 0 };
      return db.transaction((tx) => insertBatch(tx, events, receipt), ...devicesToLock(events));
    },

    async search(query: EventQuery) {
      const { sql, params } = searchStatement(query);
      return (await db.all<EventRecord>(sql, params)).map(toEventRow);
    },

    async count(filter: EventFilter) {
      const { sql, params } = countStatement(filter);
      return (await db.one<{ n: number }>(sql, params))?.n ?? 0;
    },
  };
}
