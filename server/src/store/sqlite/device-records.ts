/**
 * The devices table: one row per device, moved forward by each new event so
 * the dashboard can list last seen, extension version and policy hash, and
 * alert on heartbeats that stopped, without scanning the event log.
 */
import type { Database } from 'better-sqlite3';
import type { FilterEvent } from '../../../../src/events/model';
import { deviceKey } from '../device-key';
import type { DeviceRow, SubjectAccessDevice } from '../rows';
import type { Receipt } from '../store';
import { receiptSchool } from '../../schools/scope';
import { whereSchool, withSchool } from '../school-filter';

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
  clock_ahead_received_at: string | null;
  clock_ahead_claimed_time: string | null;
  /** The school of the token that last wrote it (a device moved to another school moves with its next batch). */
  school: string;
}

/** A new event with the time the endpoint recorded for it (see ../event-time.ts). */
export interface StoredEvent {
  event: FilterEvent;
  time: string;
  claimedTime: string | null;
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
    clockAheadReceivedAt: record.clock_ahead_received_at,
    clockAheadClaimedTime: record.clock_ahead_claimed_time,
    school: record.school,
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

/**
 * Folds one new event into a device's record. "Who and what" (user, version,
 * policy hash) follow receive order: each batch moves them, and within a batch
 * the event with the latest recorded time wins (the caller folds in that
 * order). Event times are the device's word and a pupil holding the shared
 * token can claim any: ordered by them, one event dated 9999 froze a device
 * on a decoy user (issue 16). A real device's queue uploads oldest first, so
 * its last batch holds what it says now, and the next real batch undoes a fake.
 */
function fold(current: DeviceRecord | undefined, stored: StoredEvent, receipt: Receipt): DeviceRecord {
  const { event, time, claimedTime } = stored;
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
    clock_ahead_received_at: null,
    clock_ahead_claimed_time: null,
    school: receiptSchool(receipt),
  };
  return {
    ...base,
    directory_id: event.device.directoryId,
    serial_number: event.device.serialNumber,
    asset_id: event.device.assetId,
    last_user: event.user,
    last_event_time: time,
    extension_version: event.extensionVersion,
    client_ip: receipt.clientIp,
    school: receiptSchool(receipt),
    policy_hash: policyHashOf(event) ?? base.policy_hash,
    last_seen_at: later(base.last_seen_at, receivedAt),
    last_heartbeat_at: heartbeatAt === null ? base.last_heartbeat_at : later(base.last_heartbeat_at, heartbeatAt),
    ...(claimedTime === null ? {} : { clock_ahead_received_at: receivedAt, clock_ahead_claimed_time: claimedTime }),
  };
}

/**
 * The records a batch of new events leaves its devices with, each folded from `held` (the stored record)
 * or from nothing: shared by both engines, which differ only in how they read and write the rows.
 */
export function foldDevices(events: readonly StoredEvent[], receipt: Receipt, held: (key: string) => DeviceRecord | undefined): DeviceRecord[] {
  const folded = new Map<string, DeviceRecord>();
  // One batch arrives at one moment: its events go in the order of their recorded times (stable for ties, so the batch's own order).
  for (const stored of [...events].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))) {
    const key = deviceKey(stored.event);
    const current = folded.get(key) ?? held(key);
    folded.set(key, fold(current, stored, receipt));
  }
  return [...folded.values()];
}

/** Returns a function that runs inside the caller's transaction. */
export function deviceRecorder(db: Database): (events: readonly StoredEvent[], receipt: Receipt) => void {
  const read = db.prepare('SELECT * FROM devices WHERE key = ?');
  const write = db.prepare(`
    INSERT OR REPLACE INTO devices (key, directory_id, serial_number, asset_id, last_user, last_seen_at, last_event_time, extension_version, policy_hash, last_heartbeat_at, client_ip, clock_ahead_received_at, clock_ahead_claimed_time, school)
    VALUES (@key, @directory_id, @serial_number, @asset_id, @last_user, @last_seen_at, @last_event_time, @extension_version, @policy_hash, @last_heartbeat_at, @client_ip, @clock_ahead_received_at, @clock_ahead_claimed_time, @school)
  `);
  return (events, receipt) => {
    for (const record of foldDevices(events, receipt, (key) => read.get(key) as DeviceRecord | undefined)) write.run(record);
  };
}

/** Newest seen first; `school` undefined: every school's. */
export function listDevices(db: Database, school: string | undefined): DeviceRow[] {
  return (db.prepare(`SELECT * FROM devices ${whereSchool(school)} ORDER BY last_seen_at DESC`).all(withSchool({}, school)) as DeviceRecord[]).map(toDeviceRow);
}

/**
 * Every device a person appears on in the events and reports held, and every
 * device they were the last user of: a subject access export must not lose a
 * device because someone else (or a decoy) was named on it since. The last
 * user is named only when it is this person.
 */
export function listDevicesOf(db: Database, user: string): SubjectAccessDevice[] {
  const seenOn = db
    .prepare(
      `SELECT DISTINCT device_directory_id, device_serial_number, user FROM events WHERE user = @user
       UNION SELECT DISTINCT device_directory_id, device_serial_number, user FROM reports WHERE user = @user`,
    )
    .all({ user }) as { device_directory_id: string; device_serial_number: string; user: string }[];
  const keys = [...new Set(seenOn.map((row) => deviceKey({ device: { directoryId: row.device_directory_id, serialNumber: row.device_serial_number, assetId: '' }, user: row.user })))];
  const records = db
    .prepare(`SELECT * FROM devices WHERE last_user = @user OR key IN (SELECT value FROM json_each(@keys)) ORDER BY last_seen_at DESC, key`)
    .all({ user, keys: JSON.stringify(keys) }) as DeviceRecord[];
  return records.map(toDeviceRow).map((row) => ({ ...row, lastUser: row.lastUser.toLowerCase() === user.toLowerCase() ? row.lastUser : null }));
}
