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
  try {
    const logging = state.profile?.logging;
    await appendEvent(build(envelope(envelopeContext(state))), logging ? { maxEvents: logging.maxQueueEvents, maxBytes: logging.maxQueueBytes } : undefined);
  } catch (error) {
    console.error('could not queue an event', error);
  }
}
