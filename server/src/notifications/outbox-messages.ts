/** What the outbox holds for each message: rendered before it is queued, so a retry sends exactly what was decided. */
import type { AlertNotice } from '../monitoring/alert-notice';

export interface EmailMessage {
  channel: 'email';
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** The body is fixed when queued (a retry sends the same bytes); the signature is made at each attempt, with its time. */
export interface WebhookMessage {
  channel: 'webhook';
  url: string;
  body: string;
}

export type OutboxPayload = EmailMessage | WebhookMessage;

export interface NewOutboxMessage {
  kind: 'alert' | 'digest';
  payload: OutboxPayload;
}

/** What the webhook receives: the notice's fields, the alert's dashboard link, and the risk's name for people reading it. */
export type WebhookBody = AlertNotice & { link: string; riskName: string };
