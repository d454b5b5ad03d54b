import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { DASHBOARD_API, type DevicesReply } from '../../dashboard-api/types';
import type { DeviceRow } from '../../store/rows';

/** A device that never sent a heartbeat, or not for `staleMinutes`, may be off the filter. */
export function isStale(device: DeviceRow, staleMinutes: number, now: Date): boolean {
  return device.lastHeartbeatAt === null || now.getTime() - Date.parse(device.lastHeartbeatAt) > staleMinutes * 60_000;
}

export function registerDashboardDevices(app: FastifyInstance, context: AppContext): void {
  app.get(`${DASHBOARD_API}/devices`, async (): Promise<DevicesReply> => {
    const now = context.now();
    const minutes = context.config.heartbeatStaleMinutes;
    const devices = await context.store.devices.list();
    return { heartbeatStaleMinutes: minutes, devices: devices.map((device) => ({ ...device, stale: isStale(device, minutes, now) })) };
  });
}
