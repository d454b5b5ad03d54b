/**
 * Typed messages between extension pages and the service worker (Bitwarden's
 * pattern: one union, validated on arrival). Trust is decided by the sender's
 * id and origin as Chrome reports them, never by anything inside the message.
 */
import { z } from 'zod';
import type { Audience } from '../filter/catalogue';
import type { ContinueRefusal } from '../filter/warn-continue';
import type { StatusView } from './status';

const stoppedPage = { url: z.string().max(8192), category: z.string().max(40) };

export const messageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status/get') }),
  z.object({ type: z.literal('page/context') }),
  z.object({ type: z.literal('warn/continue'), ...stoppedPage }),
  z.object({ type: z.literal('warn/back'), ...stoppedPage }),
]);

export type Message = z.infer<typeof messageSchema>;

/** What the block and warn pages need to speak to this user. */
export interface PageContext {
  audience: Audience;
  contact: string;
  schoolName: string;
  warnContinueMinutes: number;
}

export type ContinueReply = { ok: true; expiresAt: number } | { ok: false; reason: ContinueRefusal | 'no-tab' | 'too-many' };

/** What the worker answers to each message type. */
export interface Responses {
  'status/get': StatusView;
  'page/context': PageContext;
  'warn/continue': ContinueReply;
  'warn/back': { ok: true };
}

/** Only our own extension pages may talk to the worker: not web pages, not other extensions. */
export function isTrustedSender(sender: chrome.runtime.MessageSender, extensionId: string): boolean {
  if (sender.id !== extensionId) return false;
  const origin = sender.origin ?? (sender.url ? new URL(sender.url).origin : undefined);
  return origin === `chrome-extension://${extensionId}`;
}
