/**
 * The `events` columns an insert writes, written once for both engines (SQLite's row-by-row statement and
 * PostgreSQL's one `unnest` statement per group are built from this list): a new column is one entry here.
 */
import type { FilterEvent } from '../../../src/events/model';
import { bindRecord } from '../auth/identity-proof/binding';
import type { RecordedTime } from './event-time';
import { recordedTime } from './event-time';
import { receiptSchool } from '../schools/scope';
import type { Receipt } from './store';
import { verificationColumns } from './sqlite/verification-columns';

/** One event about to be stored, with what the endpoint adds to it. */
export interface EventToStore {
  event: FilterEvent;
  receipt: Receipt;
  recorded: RecordedTime;
  verification: { verified: number; proofProblem: string | null };
}

export function eventToStore(event: FilterEvent, receipt: Receipt): EventToStore {
  return {
    event,
    receipt,
    recorded: recordedTime(event.time, receipt.receivedAt),
    // Each event is verified only if the proof is valid and names its own account (binding.ts).
    verification: verificationColumns(bindRecord(event.user, receipt.proof ?? null)),
  };
}

/** The category a row is searched and alerted by: blocks, warnings and reports carry one. */
export function categoryOf(event: FilterEvent): string | null {
  return 'category' in event && typeof event.category === 'string' ? event.category : null;
}

interface EventColumn {
  name: string;
  /** PostgreSQL's type for the column, read from the group's JSON document. */
  pgType: 'text' | 'int';
  value(row: EventToStore): string | number | null;
  /** In PostgreSQL's JSON document, the value as JSON itself (the body: the event, not a string of it). */
  json?(row: EventToStore): unknown;
}

export const EVENT_INSERT_COLUMNS: readonly EventColumn[] = [
  { name: 'id', pgType: 'text', value: (row) => row.event.id },
  { name: 'type', pgType: 'text', value: (row) => row.event.type },
  { name: 'time', pgType: 'text', value: (row) => row.recorded.time },
  { name: 'claimed_time', pgType: 'text', value: (row) => row.recorded.claimedTime },
  { name: 'received_at', pgType: 'text', value: (row) => row.receipt.receivedAt.toISOString() },
  { name: 'client_ip', pgType: 'text', value: (row) => row.receipt.clientIp },
  { name: 'token_label', pgType: 'text', value: (row) => row.receipt.tokenLabel },
  // The token's school, never the body's (schools/scope.ts).
  { name: 'school', pgType: 'text', value: (row) => receiptSchool(row.receipt) },
  { name: 'user', pgType: 'text', value: (row) => row.event.user },
  { name: 'device_directory_id', pgType: 'text', value: (row) => row.event.device.directoryId },
  { name: 'device_serial_number', pgType: 'text', value: (row) => row.event.device.serialNumber },
  { name: 'device_asset_id', pgType: 'text', value: (row) => row.event.device.assetId },
  { name: 'category', pgType: 'text', value: (row) => categoryOf(row.event) },
  { name: 'body', pgType: 'text', value: (row) => JSON.stringify(row.event), json: (row) => row.event },
  { name: 'verified', pgType: 'int', value: (row) => row.verification.verified },
  { name: 'proof_problem', pgType: 'text', value: (row) => row.verification.proofProblem },
];

/** Quoted: PostgreSQL reserves "user", and SQLite reads a double-quoted name as a column too. */
export const EVENT_INSERT_COLUMN_LIST = EVENT_INSERT_COLUMNS.map((column) => `"${column.name}"`).join(', ');

/** One row's values in EVENT_INSERT_COLUMNS' order. */
export function eventInsertValues(row: EventToStore): (string | number | null)[] {
  return EVENT_INSERT_COLUMNS.map((column) => column.value(row));
}
