/**
 * POSTs a webhook message, signed at each attempt (webhook-signature.ts). Only a 2xx counts: a redirect is
 * not followed (a signed alert goes where the school configured, nowhere else) and counts as a failure.
 */
import type { WebhookMessage } from './outbox-messages';
import { webhookHeaders } from './webhook-signature';

const TIMEOUT_MS = 10_000;

export type SendWebhook = (message: WebhookMessage, deliveryId: string, at: Date) => Promise<void>;

export function webhookSender(secret: string): SendWebhook {
  return async (message, deliveryId, at) => {
    const response = await fetch(message.url, {
      method: 'POST',
      headers: webhookHeaders(message.body, secret, deliveryId, at),
      body: message.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status < 200 || response.status > 299) throw new Error(`the webhook answered HTTP ${response.status}`);
  };
}
