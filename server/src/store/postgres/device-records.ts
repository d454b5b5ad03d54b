/** The devices table on PostgreSQL: the same fold as SQLite's (../sqlite/device-records.ts), one writer per device at a time. */
import { deviceKey } from '../device-key';
import type { DeviceRow, SubjectAccessDevice } from '../rows';
import type { Receipt } from '../store';
import { foldDevices, toDeviceRow, type DeviceRecord, type StoredEvent } from '../sqlite/device-records';
import type { PgDb } from './db';
import { whereSchool, withSchool } from '../school-filter';

const COLUMNS = ['key', 'directory_id', 'serial_number', 'asset_id', 'last_user', 'last_seen_at', 'last_event_time', 'extension_version', 'policy_hash', 'last_heartbeat_at', 'client_ip', 'clock_ahead_received_at', 'clock_ahead_claimed_time', 'school'] as const;

/** Runs inside the caller's transaction, which holds each device's lock (devicesToLock) so two batches from one device fold in turn. */
export async function recordDevices(tx: PgDb, events: readonly StoredEvent[], receipt: Receipt): Promise<void> {
  const keys = [...new Set(events.map((stored) => deviceKey(stored.event)))];
  if (keys.length === 0) return;
  const held = await tx.all<DeviceRecord>('SELECT * FROM devices WHERE key = ANY(@keys)', { keys });
  const records = foldDevices(events, receipt, (key) => held.find((record) => record.key === key));
  for (const record of records) {
    await tx.run(
      `INSERT INTO devices (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((column) => `@${column}`).join(', ')})
       ON CONFLICT (key) DO UPDATE SET ${COLUMNS.filter((column) => column !== 'key').map((column) => `${column} = excluded.${column}`).join(', ')}`,
      record as unknown as Record<string, unknown>,
    );
  }
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
