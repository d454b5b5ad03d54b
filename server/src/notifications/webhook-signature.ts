/**
 * The webhook's signature (pure): HMAC-SHA256, keyed with the school's secret, over `<timestamp>.<body>`
 * (the timestamp header's value, a dot, then the exact body bytes). Signing the timestamp with the body
 * means a captured request cannot be replayed later with a fresh timestamp: a receiver checks the
 * signature, then refuses a timestamp more than 5 minutes from its own clock, then ignores a delivery id it
 * has already handled (a retry after a lost reply sends the same delivery id again).
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-School-Filter-Signature';
export const TIMESTAMP_HEADER = 'X-School-Filter-Timestamp';
export const DELIVERY_HEADER = 'X-School-Filter-Delivery';

export function webhookHeaders(body: string, secret: string, deliveryId: string, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return {
    'content-type': 'application/json',
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: `sha256=${signature}`,
    [DELIVERY_HEADER]: deliveryId,
  };
}
