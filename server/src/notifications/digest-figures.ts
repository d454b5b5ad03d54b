/** Gathers the digest's figures from the store: the notices this endpoint received, reports and devices. */
import { isStale } from '../routes/dashboard/devices';
import type { Store } from '../store/store';
import type { DigestFigures } from './digest-email';
import type { DigestPeriod } from './digest-schedule';

export async function digestFigures(store: Store, period: DigestPeriod, heartbeatStaleMinutes: number, now: Date): Promise<DigestFigures> {
  const [notices, arrivals, urgent, devices] = await Promise.all([
    store.notifications.noticeCounts(period.start, period.end),
    store.reports.arrivalsSince('token', period.start),
    store.reports.list({ offset: 0, limit: 1, urgentOpenOnly: true }),
    store.devices.list(),
  ]);
  return {
    notices,
    reportsReceived: arrivals.filter((arrival) => arrival.receivedAt < period.end.getTime()).length,
    // Open now, when the digest is written: what is still waiting for someone.
    urgentReportsOpen: urgent.total,
    silentDevices: devices.filter((device) => isStale(device, heartbeatStaleMinutes, now)).length,
    devices: devices.length,
    heartbeatStaleMinutes,
  };
}
