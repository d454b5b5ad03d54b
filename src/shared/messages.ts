/**
 * Typed messages between extension pages and the service worker (Bitwarden's
 * pattern: one union, validated on arrival). Trust is decided by the sender's
 * id and origin as Chrome reports them, never by anything inside the message.
 */
import { z } from 'zod';
import type { StatusView } from './status';

export const messageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status/get') }),
]);

export type Message = z.infer<typeof messageSchema>;

/** What the worker answers to each message type. */
export interface Responses {
  'status/get': StatusView;
}

/** Only our own extension pages may talk to the worker: not web pages, not other extensions. */
export function isTrustedSender(sender: chrome.runtime.MessageSender, extensionId: string): boolean {
  if (sender.id !== extensionId) return false;
  const origin = sender.origin ?? (sender.url ? new URL(sender.url).origin : undefined);
  return origin === `chrome-extension://${extensionId}`;
}
