/**
 * Extension pages talk to the worker through here: one typed call per message.
 * webextension-polyfill gives a promise API that rejects on a closed channel
 * instead of leaving `chrome.runtime.lastError` unread.
 */
import browser from 'webextension-polyfill';
import type { Message, Responses } from '../../shared/messages';

export async function askWorker<M extends Message>(message: M): Promise<Responses[M['type']]> {
  const reply = (await browser.runtime.sendMessage(message)) as Responses[M['type']] | { error: string };
  // The listener's own failure is `{ error }` alone (src/background/messages.ts). Replies that carry
  // `ok` (lesson/create, lesson/end) use `error` for a refusal the page shows: those are answers.
  if (reply && typeof reply === 'object' && 'error' in reply && !('ok' in reply) && typeof reply.error === 'string') throw new Error(reply.error);
  return reply as Responses[M['type']];
}
