import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { DASHBOARD_API, type DevicesReply } from '../../dashboard-api/types';
import type { DeviceRow } from '../../store/rows';
import { schoolQuerySchema } from '../../dashboard-api/requests';
import { scopeOf } from '../../http/dashboard-auth';
import { parseOr400 } from '../../http/errors';
import { readFilter } from '../../schools/scope';

/** A device that never sent a heartbeat, or not for `staleMinutes`, may be off the filter. */
export function isStale(device: DeviceRow, staleMinutes: number, now: Date): boolean {
  return device.lastHeartbeatAt === null || now.getTime() - Date.parse(device.lastHeartbeatAt) > staleMinutes * 60_000;
}

export function registerDashboardDevices(app: FastifyInstance, context: AppContext): void {
  app.get(`${DASHBOARD_API}/devices`, async (request): Promise<DevicesReply> => {
    const { school } = parseOr400(schoolQuerySchema, request.query, 'query');
    const now = context.now();
    const minutes = context.config.heartbeatStaleMinutes;
    const devices = await context.store.devices.list(readFilter(scopeOf(request), school));
    return { heartbeatStaleMinutes: minutes, devices: devices.map((device) => ({ ...device, stale: isStale(device, minutes, now) })) };
  });
}
