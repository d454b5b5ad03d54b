/**
 * Heartbeats: proof that this device is alive and filtering. The dashboard
 * flags a device whose heartbeats stop (switched off the filter, tampered
 * with, or simply off) and shows each device's version and policy hash.
 */
import { queueTotals } from '../events/queue';
import { recordEvent } from './record-event';
import type { WorkerState } from './worker-state';

export const HEARTBEAT_ALARM = 'heartbeat';
export const HEARTBEAT_MINUTES = 15;

export async function scheduleHeartbeats(): Promise<void> {
  if (await chrome.alarms.get(HEARTBEAT_ALARM)) return;
  await chrome.alarms.create(HEARTBEAT_ALARM, { periodInMinutes: HEARTBEAT_MINUTES, delayInMinutes: 1 });
}

export async function recordHeartbeat(state: WorkerState): Promise<void> {
  const [totals, dynamic] = await Promise.all([queueTotals(), chrome.declarativeNetRequest.getDynamicRules()]);
  await recordEvent(state, (base) => ({
    ...base,
    type: 'heartbeat',
    policyHash: state.policyHash,
    enabledRulesets: state.enabledRulesets.length,
    dynamicRules: dynamic.length,
    queueDepth: totals.count,
  }));
}
