/**
 * The queue's bounds (pure). A device offline for a week must not fill the
 * disk, and must not lose what matters: navigation and searches are the bulk
 * and are let go first, oldest first; blocks, warnings, reports, overrides
 * and policy events are never evicted. If only those are left, the queue
 * grows past its bound rather than lose one.
 */
import type { EventType, FilterEvent } from './model';
import { PROTECTED_EVENT_TYPES } from './model';

export interface QueueLimits {
  maxEvents: number;
  maxBytes: number;
}

export const DEFAULT_QUEUE_LIMITS: QueueLimits = { maxEvents: 50_000, maxBytes: 25 * 1024 * 1024 };

export interface QueueTotals {
  count: number;
  bytes: number;
}

export function isEvictable(type: EventType): boolean {
  return !PROTECTED_EVENT_TYPES.includes(type);
}

export function eventBytes(event: FilterEvent): number {
  return new TextEncoder().encode(JSON.stringify(event)).length;
}

/** True while adding `incomingBytes` would leave the queue over either bound. */
export function overBounds(totals: QueueTotals, incomingBytes: number, limits: QueueLimits): boolean {
  return totals.count + 1 > limits.maxEvents || totals.bytes + incomingBytes > limits.maxBytes;
}

/** What was let go, summarised for the `dropped` event that reports it. */
export interface DroppedSummary {
  count: number;
  byType: Record<string, number>;
  oldest: string;
  newest: string;
}

export function addDropped(summary: DroppedSummary | undefined, event: Pick<FilterEvent, 'type' | 'time'>): DroppedSummary {
  const base = summary ?? { count: 0, byType: {}, oldest: event.time, newest: event.time };
  return {
    count: base.count + 1,
    byType: { ...base.byType, [event.type]: (base.byType[event.type] ?? 0) + 1 },
    oldest: event.time < base.oldest ? event.time : base.oldest,
    newest: event.time > base.newest ? event.time : base.newest,
  };
}
