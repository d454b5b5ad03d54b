/**
 * Flood alerts (issue 16, finding 3): many reports from one token, or from one
 * claimed device, in a short time. A pupil with the OU's token can send
 * thousands of junk reports, each claiming a new device and account, to bury
 * a real one; no limit can stop that without stopping every pupil on the
 * token, so the flood itself becomes an alert that names its source, its size
 * and its span, and the DSL treats it as an incident.
 *
 * Thresholds: a whole school's OU sends a few reports an hour, so 50 in 10
 * minutes on one token is not normal use; one device sending 10 in 10 minutes
 * is either a pupil in trouble or a prank, and worth a look either way.
 */
import type { ReportArrival } from '../store/store';
import type { WindowLimit } from './window';

export const FLOOD_THRESHOLDS = {
  token: { max: 50, windowMs: 10 * 60_000 },
  device: { max: 10, windowMs: 10 * 60_000 },
} as const satisfies Record<string, WindowLimit>;

export interface Flood {
  /** The token label, or the claimed device key (store/device-key.ts). */
  key: string;
  count: number;
  /** When the first and last reports of the flood arrived (ms since epoch). */
  from: number;
  to: number;
}

/**
 * Every run of at least `max` arrivals within `windowMs` of each other, per
 * key; overlapping runs merge into one flood, counted once. `arrivals` must be
 * grouped by key and in order of arrival within each key (as the store gives them).
 */
export function findFloods(arrivals: readonly ReportArrival[], threshold: WindowLimit): Flood[] {
  const floods: Flood[] = [];
  let groupStart = 0;
  while (groupStart < arrivals.length) {
    const key = arrivals[groupStart]!.key;
    let groupEnd = groupStart;
    while (groupEnd < arrivals.length && arrivals[groupEnd]!.key === key) groupEnd++;
    let current: { first: number; last: number } | null = null;
    let end = groupStart;
    for (let start = groupStart; start < groupEnd; start++) {
      const opens = arrivals[start]!.receivedAt;
      if (end < start) end = start;
      while (end < groupEnd && arrivals[end]!.receivedAt < opens + threshold.windowMs) end++;
      // arrivals[start .. end-1] all fall within one window starting at `start`.
      if (end - start < threshold.max) continue;
      if (current && start <= current.last) current.last = end - 1;
      else {
        if (current) floods.push(toFlood(arrivals, key, current));
        current = { first: start, last: end - 1 };
      }
    }
    if (current) floods.push(toFlood(arrivals, key, current));
    groupStart = groupEnd;
  }
  return floods.sort((a, b) => b.to - a.to);
}

function toFlood(arrivals: readonly ReportArrival[], key: string, run: { first: number; last: number }): Flood {
  return { key, count: run.last - run.first + 1, from: arrivals[run.first]!.receivedAt, to: arrivals[run.last]!.receivedAt };
}
