/**
 * The worker's message handler: validates the sender and the message, then
 * answers. Returning true keeps the channel open for the async reply.
 */
import { isTrustedSender, messageSchema, type Message, type Responses } from '../shared/messages';

export type MessageHandlers = {
  [T in Message['type']]: (message: Extract<Message, { type: T }>, sender: chrome.runtime.MessageSender) => Promise<Responses[T]>;
};

export function listenForMessages(handlers: MessageHandlers): void {
  chrome.runtime.onMessage.addListener((raw, sender, sendResponse) => {
    if (!isTrustedSender(sender, chrome.runtime.id)) return false;
    const parsed = messageSchema.safeParse(raw);
    if (!parsed.success) {
      sendResponse({ error: `invalid message: ${parsed.error.issues[0]?.message ?? 'unknown'}` });
      return false;
    }
    const handler = handlers[parsed.data.type] as (message: Message, sender: chrome.runtime.MessageSender) => Promise<unknown>;
    handler(parsed.data, sender).then(sendResponse, (error: unknown) => sendResponse({ error: String(error) }));
    return true;
  });
}
