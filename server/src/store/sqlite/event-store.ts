import type { Database } from 'better-sqlite3';
import type { FilterEvent } from '../../../../src/events/model';
import type { EventRow } from '../rows';
import type { EventQuery, EventStore, Receipt } from '../store';
import { deviceRecorder } from './device-records';

/** The category a row is searched and alerted by: blocks, warnings and reports carry one. */
function categoryOf(event: FilterEvent): string | null {
  return 'category' in event && typeof event.category === 'string' ? event.category : null;
}

interface EventRecord {
  body: string;
  received_at: string;
  client_ip: string;
  token_label: string;
}

export function toEventRow(record: EventRecord): EventRow {
  return { event: JSON.parse(record.body) as FilterEvent, receivedAt: record.received_at, clientIp: record.client_ip, tokenLabel: record.token_label };
}

export function sqliteEventStore(db: Database): EventStore {
  const insertOne = db.prepare(`
    INSERT OR IGNORE INTO events (id, type, time, received_at, client_ip, token_label, user, device_directory_id, device_serial_number, device_asset_id, category, body)
    VALUES (@id, @type, @time, @receivedAt, @clientIp, @tokenLabel, @user, @directoryId, @serialNumber, @assetId, @category, @body)
  `);

  const recordDevices = deviceRecorder(db);
  const insertBatch = db.transaction((events: readonly FilterEvent[], receipt: Receipt) => {
    const receivedAt = receipt.receivedAt.toISOString();
    const stored: FilterEvent[] = [];
    for (const event of events) {
      const result = insertOne.run({
        id: event.id,
        type: event.type,
        time: new Date(event.time).toISOString(),
        receivedAt,
        clientIp: receipt.clientIp,
        tokenLabel: receipt.tokenLabel,
        user: event.user,
        directoryId: event.device.directoryId,
        serialNumber: event.device.serialNumber,
        assetId: event.device.assetId,
        category: categoryOf(event),
        body: JSON.stringify(event),
      });
      if (result.changes === 1) stored.push(event);
    }
    // Only new events move a device's record, so a replayed batch changes nothing.
    recordDevices(stored, receipt);
    return { accepted: stored.length, duplicates: events.length - stored.length };
  });

  return {
    async insert(events, receipt) {
      // IMMEDIATE takes the write lock up front: two batches never interleave.
      return insertBatch.immediate(events, receipt);
    },

    async search(query: EventQuery) {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: query.limit };
      if (query.user) {
        where.push('user = @user');
        params.user = query.user;
      }
      if (query.device) {
        where.push('(device_directory_id = @device OR device_serial_number = @device OR device_asset_id = @device)');
        params.device = query.device;
      }
      if (query.categories?.length) {
        where.push(`category IN (${query.categories.map((_, i) => `@category${i}`).join(', ')})`);
        query.categories.forEach((category, i) => (params[`category${i}`] = category));
      }
      if (query.types?.length) {
        where.push(`type IN (${query.types.map((_, i) => `@type${i}`).join(', ')})`);
        query.types.forEach((type, i) => (params[`type${i}`] = type));
      }
      if (query.from) {
        where.push('time >= @from');
        params.from = query.from.toISOString();
      }
      if (query.to) {
        where.push('time < @to');
        params.to = query.to.toISOString();
      }
      const sql = `SELECT body, received_at, client_ip, token_label FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time DESC, id LIMIT @limit`;
      return (db.prepare(sql).all(params) as EventRecord[]).map(toEventRow);
    },
  };
}
