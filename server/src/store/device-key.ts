import type { Envelope } from '../../../src/events/model';

/**
 * One key per physical device: the directory id on managed ChromeOS, else
 * the serial number; off ChromeOS (where both are empty) the best we have is
 * the signed-in user.
 */
export function deviceKey(envelope: Pick<Envelope, 'device' | 'user'>): string {
  if (envelope.device.directoryId) return `directory:${envelope.device.directoryId}`;
  if (envelope.device.serialNumber) return `serial:${envelope.device.serialNumber}`;
  return `user:${envelope.user.toLowerCase()}`;
}
