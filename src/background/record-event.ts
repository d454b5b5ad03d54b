/**
 * Queues an event built on the envelope of who and what this device is now.
 * Logging never stands in the way of filtering: a failure is reported, not thrown.
 */
import { envelope, type EnvelopeContext } from '../events/envelope';
import type { FilterEvent } from '../events/model';
import { appendEvent } from '../events/queue';
import type { WorkerState } from './worker-state';

export function envelopeContext(state: WorkerState): EnvelopeContext {
  return {
    email: state.email,
    device: state.device,
    profile: state.profile ?? { role: 'pupil', yearGroup: null },
    extensionVersion: chrome.runtime.getManifest().version,
    now: new Date(),
    newId: () => crypto.randomUUID(),
  };
}

export async function recordEvent(state: WorkerState, build: (base: ReturnType<typeof envelope>) => FilterEvent): Promise<void> {
  await queueEvent(state, build(envelope(envelopeContext(state))));
}

/** Queues an event built earlier (its time is when it happened, not when it was queued). */
export async function queueEvent(state: WorkerState, event: FilterEvent): Promise<void> {
  try {
    const logging = state.profile?.logging;
    await appendEvent(event, logging ? { maxEvents: logging.maxQueueEvents, maxBytes: logging.maxQueueBytes } : undefined);
  } catch (error) {
    console.error('could not queue an event', error);
  }
}
