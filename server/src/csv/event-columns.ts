/**
 * One CSV row per event: the DfE log fields (who, which device, when, what was
 * searched or blocked) first. `time` is the time the endpoint recorded (the
 * device's, unless that was too far ahead of arrival); `claimed time` is the
 * device's own time when it was clamped (see store/event-time.ts).
 */
import type { FilterEvent } from '../../../src/events/model';
import { verificationWords } from '../dashboard-api/verification';
import type { EventRow } from '../store/rows';

export const EVENT_CSV_HEADER = [
  'time',
  'received',
  'type',
  'user',
  'year group',
  'role',
  'device directory id',
  'device serial number',
  'device asset id',
  'client IP',
  'category',
  'host',
  'url',
  'search term',
  'detail',
  'extension version',
  'event id',
  'claimed time',
  /** Whether an identity proof showed that `user` sent it (dashboard-api/verification.ts words it). */
  'identity',
] as const;

export const ILLEGAL_ADDRESS_NOTE = 'address not recorded: illegal-feed entries never are';

function detailOf(event: FilterEvent): string {
  switch (event.type) {
    case 'warn-decision':
      return event.refused ? `${event.decision} (refused: ${event.refused})` : event.decision;
    case 'report':
      return `report ${event.reportId}`;
    case 'override':
      return `${event.status} ${event.overrideId}: ${event.domains.join(' ')} until ${event.expiresAt}`;
    case 'policy':
      return `${event.status}${event.strictest ? ' (strictest profile)' : ''}, ${event.problems.length} problem(s), ${event.policyHash}`;
    case 'heartbeat':
      return `policy ${event.policyHash ?? 'none'}, ${event.enabledRulesets} rulesets, ${event.dynamicRules} dynamic rules, ${event.queueDepth} queued`;
    case 'dropped':
      return `${event.count} dropped between ${event.oldest} and ${event.newest}`;
    case 'search':
      return event.engine;
    case 'navigation':
      // Sent only at logging detail `full` (src/events/page-title.ts).
      return event.title ? `title: ${event.title}` : '';
    case 'block':
      // Said, so nobody reads the empty host as a fault (src/filter/rules/stop-rules.ts carriesAddress).
      return event.category === 'illegal' ? ILLEGAL_ADDRESS_NOTE : '';
    default:
      return '';
  }
}

export function eventCsvCells(row: EventRow): (string | null)[] {
  const event = row.event;
  return [
    row.time,
    row.receivedAt,
    event.type,
    event.user,
    event.yearGroup,
    event.role,
    event.device.directoryId,
    event.device.serialNumber,
    event.device.assetId,
    row.clientIp,
    'category' in event ? event.category : null,
    'host' in event ? event.host : null,
    'url' in event ? (event.url ?? null) : null,
    event.type === 'search' ? event.query : null,
    detailOf(event),
    event.extensionVersion,
    event.id,
    row.claimedTime,
    verificationWords(row.verification),
  ];
}
