/** The devices table on PostgreSQL: the same fold as SQLite's (../sqlite/device-records.ts), one writer per device at a time. */
import { deviceKey } from '../device-key';
import type { DeviceRow, SubjectAccessDevice } from '../rows';
import type { Receipt } from '../store';
import { foldDevices, toDeviceRow, type DeviceRecord, type StoredEvent } from '../sqlite/device-records';
import type { PgDb } from './db';
import { whereSchool, withSchool } from '../school-filter';

const COLUMNS = ['key', 'directory_id', 'serial_number', 'asset_id', 'last_user', 'last_seen_at', 'last_event_time', 'extension_version', 'policy_hash', 'last_heartbeat_at', 'client_ip', 'clock_ahead_received_at', 'clock_ahead_claimed_time', 'school'] as const;

/**
 * Runs inside the caller's transaction, which holds each device's lock (devicesToLock) so two groups naming one
 * device fold in turn. A group's batches fold in arrival order, each with its own receipt, from one read of the
 * devices they name; the records they leave are written in one statement.
 */
export async function recordDevices(tx: PgDb, batches: readonly { stored: readonly StoredEvent[]; receipt: Receipt }[]): Promise<void> {
  const keys = [...new Set(batches.flatMap(({ stored }) => stored.map((event) => deviceKey(event.event))))];
  if (keys.length === 0) return;
  const records = new Map((await tx.all<DeviceRecord>('SELECT * FROM devices WHERE key = ANY(@keys)', { keys })).map((record) => [record.key, record]));
  const changed = new Set<string>();
  for (const { stored, receipt } of batches) {
    for (const record of foldDevices(stored, receipt, (key) => records.get(key))) {
      records.set(record.key, record);
      changed.add(record.key);
    }
  }
  const rows = [...changed].map((key) => records.get(key)!);
  await tx.run(
    `INSERT INTO devices (${COLUMNS.join(', ')}) SELECT * FROM unnest(${COLUMNS.map((column) => `@${column}::text[]`).join(', ')})
     ON CONFLICT (key) DO UPDATE SET ${COLUMNS.filter((column) => column !== 'key').map((column) => `${column} = excluded.${column}`).join(', ')}`,
    Object.fromEntries(COLUMNS.map((column) => [column, rows.map((row) => row[column])])),
  );
}

/** The advisory locks a batch takes: one per device it names. */
export function devicesToLock(events: readonly StoredEvent['event'][]): string[] {
  return [...new Set(events.map((event) => `device ${deviceKey(event)}`))];
}

export async function listDevices(db: PgDb, school: string | undefined): Promise<DeviceRow[]> {
  return (await db.all<DeviceRecord>(`SELECT * FROM devices ${whereSchool(school)} ORDER BY last_seen_at DESC`, withSchool({}, school))).map(toDeviceRow);
}

/** As ../sqlite/device-records.ts listDevicesOf. */
export async function listDevicesOf(db: PgDb, user: string): Promise<SubjectAccessDevice[]> {
  const seenOn = await db.all<{ device_directory_id: string; device_serial_number: string; user: string }>(
    `SELECT DISTINCT device_directory_id, device_serial_number, "user" FROM events WHERE "user" = @user
     UNION SELECT DISTINCT device_directory_id, device_serial_number, "user" FROM reports WHERE "user" = @user`,
    { user },
  );
  const keys = [...new Set(seenOn.map((row) => deviceKey({ device: { directoryId: row.device_directory_id, serialNumber: row.device_serial_number, assetId: '' }, user: row.user })))];
  const records = await db.all<DeviceRecord>('SELECT * FROM devices WHERE last_user = @user OR key = ANY(@keys) ORDER BY last_seen_at DESC, key', { user, keys });
  return records.map(toDeviceRow).map((row) => ({ ...row, lastUser: row.lastUser.toLowerCase() === user.toLowerCase() ? row.lastUser : null }));
}
