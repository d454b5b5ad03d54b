/**
 * The devices table: one row per device, moved forward by each new event so
 * the dashboard can list last seen, extension version and policy hash, and
 * alert on heartbeats that stopped, without scanning the event log.
 */
import type { Database } from 'better-sqlite3';
import type { FilterEvent } from '../../../../src/events/model';
import { deviceKey } from '../device-key';
import type { DeviceRow } from '../rows';
import type { Receipt } from '../store';

export interface DeviceRecord {
  key: string;
  directory_id: string;
  serial_number: string;
  asset_id: string;
  last_user: string;
  last_seen_at: string;
  last_event_time: string;
  extension_version: string;
  policy_hash: string | null;
  last_heartbeat_at: string | null;
  client_ip: string;
}

export function toDeviceRow(record: DeviceRecord): DeviceRow {
  return {
    key: record.key,
    directoryId: record.directory_id,
    serialNumber: record.serial_number,
    assetId: record.asset_id,
    lastUser: record.last_user,
    lastSeenAt: record.last_seen_at,
    extensionVersion: record.extension_version,
    policyHash: record.policy_hash,
    lastHeartbeatAt: record.last_heartbeat_at,
    clientIp: record.client_ip,
  };
}

function later(a: string | null, b: string): string {
  return a !== null && a > b ? a : b;
}

function policyHashOf(event: FilterEvent): string | null {
  if (event.type === 'policy') return event.policyHash;
  if (event.type === 'heartbeat') return event.policyHash;
  return null;
}

/** Folds one event into a device's record. Events arrive out of order (offline queues), so only a newer event moves "who and what". */
function fold(current: DeviceRecord | undefined, event: FilterEvent, receipt: Receipt): DeviceRecord {
  const time = new Date(event.time).toISOString();
  const receivedAt = receipt.receivedAt.toISOString();
  // A heartbeat stamped in the future (a wrong clock) must not hide a device that went quiet.
  const heartbeatAt = event.type === 'heartbeat' ? (time < receivedAt ? time : receivedAt) : null;
  const base: DeviceRecord = current ?? {
    key: deviceKey(event),
    directory_id: event.device.directoryId,
    serial_number: event.device.serialNumber,
    asset_id: event.device.assetId,
    last_user: event.user,
    last_seen_at: receivedAt,
    last_event_time: time,
    extension_version: event.extensionVersion,
    policy_hash: null,
    last_heartbeat_at: null,
    client_ip: receipt.clientIp,
  };
  const newer = time >= base.last_event_time;
  const hash = policyHashOf(event);
  return {
    ...base,
    ...(newer
      ? {
          directory_id: event.device.directoryId,
          serial_number: event.device.serialNumber,
          asset_id: event.device.assetId,
          last_user: event.user,
          last_event_time: time,
          extension_version: event.extensionVersion,
          client_ip: receipt.clientIp,
          policy_hash: hash ?? base.policy_hash,
        }
      : {}),
    last_seen_at: later(base.last_seen_at, receivedAt),
    last_heartbeat_at: heartbeatAt === null ? base.last_heartbeat_at : later(base.last_heartbeat_at, heartbeatAt),
  };
}

/** Returns a function that runs inside the caller's transaction. */
export function deviceRecorder(db: Database): (events: readonly FilterEvent[], receipt: Receipt) => void {
  const read = db.prepare('SELECT * FROM devices WHERE key = ?');
  const write = db.prepare(`
    INSERT OR REPLACE INTO devices (key, directory_id, serial_number, asset_id, last_user, last_seen_at, last_event_time, extension_version, policy_hash, last_heartbeat_at, client_ip)
    VALUES (@key, @directory_id, @serial_number, @asset_id, @last_user, @last_seen_at, @last_event_time, @extension_version, @policy_hash, @last_heartbeat_at, @client_ip)
  `);
  return (events, receipt) => {
    const folded = new Map<string, DeviceRecord>();
    for (const event of [...events].sort((a, b) => Date.parse(a.time) - Date.parse(b.time))) {
      const key = deviceKey(event);
      const current = folded.get(key) ?? (read.get(key) as DeviceRecord | undefined);
      folded.set(key, fold(current, event, receipt));
    }
    for (const record of folded.values()) write.run(record);
  };
}

export function listDevices(db: Database): DeviceRow[] {
  return (db.prepare('SELECT * FROM devices ORDER BY last_seen_at DESC').all() as DeviceRecord[]).map(toDeviceRow);
}

/** Devices whose most recent user was this person. */
export function listDevicesOf(db: Database, user: string): DeviceRow[] {
  return (db.prepare('SELECT * FROM devices WHERE last_user = ? ORDER BY last_seen_at DESC').all(user) as DeviceRecord[]).map(toDeviceRow);
}
