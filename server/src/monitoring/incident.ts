/**
 * When evidence joins an alert, and when blocks count as repeated attempts. Pure.
 */
import { SEVERITIES, severityRank, type Severity } from './risks';
import type { AlertStatus } from '../store/alert-rows';

/**
 * New evidence joins a pupil's open alert for the same risk while that alert's
 * newest evidence arrived within this window; after it, the evidence opens a new
 * alert. A day covers a school day and the evening after it, when a pupil's
 * searches at night and their blocks the next morning are one incident; evidence
 * days later is a new incident the DSL should see (and be told of) as new, not a
 * line added to an alert already read. On receive time: a device can claim any
 * time, and a week of events from a device that was offline arrives as one incident.
 */
export const INCIDENT_WINDOW_MS = 24 * 60 * 60_000;

export interface OpenAlert {
  status: AlertStatus;
  lastEvidenceAt: string;
}

/** A resolved alert never takes new evidence: the DSL closed that incident. */
export function joinsAlert(alert: OpenAlert, receivedAt: Date): boolean {
  return alert.status !== 'resolved' && receivedAt.getTime() - Date.parse(alert.lastEvidenceAt) <= INCIDENT_WINDOW_MS;
}

/**
 * Several blocks in one high-risk category by one pupil within a few minutes
 * are repeated attempts: a pupil trying site after site, which says more than
 * any one block. Three in ten minutes: two can be one click and its reload.
 */
export const REPEAT_BLOCKS = 3;
export const REPEAT_WINDOW_MS = 10 * 60_000;

/**
 * How far back (on receive time) earlier blocks are looked for. The burst itself
 * is judged on the events' recorded times (device times, clamped when ahead:
 * store/event-time.ts), because devices upload in batches up to a day apart
 * (the policy's uploadIntervalMinutes): three blocks 25 minutes apart arrive
 * together, and receive time cannot tell them from three in one minute. A
 * device's claim cannot reach past this look-back, and a false claim can only
 * make a burst of its own events, never hide a real device's.
 */
export const REPEAT_LOOKBACK_MS = INCIDENT_WINDOW_MS;

/**
 * The most earlier blocks read to judge one block. A pupil holding the OU's token can send thousands of
 * blocks a minute; reading them all for every block made a batch of 500 take seconds, then tens of seconds
 * (measured). Any 100 blocks within ten minutes either side of this one put at least 50 on one side, so
 * the block is a repeat whichever 100 are read; the evidence then says "at least" the count it found.
 */
export const REPEAT_LOOKUP_CAP = 100;

/**
 * The most blocks (this one included) in any REPEAT_WINDOW_MS span that contains
 * `at`, from `at` and the times of the earlier blocks. Times in ms; one pass over the sorted times.
 */
export function blocksInBurst(at: number, earlier: readonly number[]): number {
  const times = [...earlier.filter((t) => Math.abs(t - at) <= REPEAT_WINDOW_MS), at].sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < times.length && times[start]! <= at; start++) {
    if (at - times[start]! > REPEAT_WINDOW_MS) continue;
    // The span from this block holds every block up to `end`; `end` only moves on as `start` does.
    while (end < times.length && times[end]! - times[start]! <= REPEAT_WINDOW_MS) end++;
    most = Math.max(most, end - start);
  }
  return most;
}

/** Repeated attempts are one step more severe than one block (critical stays critical). */
export function raisedOneStep(severity: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.length - 1, severityRank(severity) + 1)]!;
}
