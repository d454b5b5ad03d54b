/**
 * The endpoint's AlertNotifier: each notice is recorded, and the messages it calls for (an email at or
 * above the school's severity, a webhook call at or above the webhook's) are queued in the same
 * transaction, then the outbox loop is kicked so a high alert leaves within seconds. The daily digest is
 * queued by the loop's pass at the school's hour. With no `notifications` in the config, nothing is
 * recorded or sent.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { NotificationSettings } from '../config/notifications';
import type { AlertNotice, AlertNotifier } from '../monitoring/alert-notice';
import { RISK_NAMES, severityRank, type Severity } from '../monitoring/risks';
import type { OutboxMessage, Store } from '../store/store';
import { alertEmail } from './alert-email';
import { digestEmail } from './digest-email';
import { digestFigures } from './digest-figures';
import { dueDigest } from './digest-schedule';
import { smtpSender } from './email-sender';
import { alertLink } from './links';
import { startOutboxLoop, type OutboxLoop } from './outbox-loop';
import type { NewOutboxMessage, WebhookBody } from './outbox-messages';
import { itLeadOnly, schoolAlertRecipients } from './recipients';
import { webhookSender } from './webhook-sender';

/** How often the loop looks for retries and the digest's hour when nothing kicks it. */
export const DEFAULT_POLL_MS = 15_000;

export interface RunningNotifier extends AlertNotifier {
  start(): void;
  stop(): Promise<void>;
}

export interface NotifierOptions {
  settings: NotificationSettings | null;
  heartbeatStaleMinutes: number;
  store: Store;
  now: () => Date;
  log: FastifyBaseLogger;
  pollMs?: number;
}

const atLeast = (severity: Severity, minimum: Severity) => severityRank(severity) >= severityRank(minimum);

/**
 * The notice's fields by name, not a spread: a field the alerts code adds to its notice later does not
 * leave the endpoint until someone decides it should.
 */
function noticeFields(notice: AlertNotice): AlertNotice {
  const { alertId, risk, severity, yearGroup, openedAt, lastEvidenceAt, evidenceCount, change } = notice;
  return { alertId, risk, severity, yearGroup, openedAt, lastEvidenceAt, evidenceCount, change };
}

/** What the notice calls for now (pure apart from the settings). */
export function messagesFor(notice: AlertNotice, settings: NotificationSettings): NewOutboxMessage[] {
  const messages: NewOutboxMessage[] = [];
  const { email, webhook, publicUrl, timeZone } = settings;
  if (email && atLeast(notice.severity, email.minSeverity)) {
    messages.push({ kind: 'alert', payload: alertEmail(notice, schoolAlertRecipients(notice.risk, email, notice.school), publicUrl, timeZone) });
  }
  if (webhook && atLeast(notice.severity, webhook.minSeverity)) {
    const body: WebhookBody = { ...noticeFields(notice), riskName: RISK_NAMES[notice.risk], link: alertLink(publicUrl, notice.alertId) };
    messages.push({ kind: 'alert', payload: { channel: 'webhook', url: webhook.url, body: JSON.stringify(body) } });
  }
  return messages;
}

/** A line for the start-up log: what will be sent where (never a secret). */
export function describeNotifications(settings: NotificationSettings | null): string {
  if (!settings) return 'notifications: none configured, so no email or webhook for safeguarding alerts (see "Notifications" in server/README.md)';
  const parts: string[] = [];
  if (settings.email) {
    const { smtp, dslRecipients, itLeadRecipients, minSeverity, digestHour } = settings.email;
    parts.push(`email via ${smtp.host}:${smtp.port} (${smtp.security}) to ${dslRecipients.length} DSL and ${itLeadRecipients.length} IT Lead addresses for ${minSeverity} alerts and above, digest daily at ${String(digestHour).padStart(2, '0')}:00 ${settings.timeZone}`);
  }
  if (settings.webhook) parts.push(`webhook to ${new URL(settings.webhook.url).host} for ${settings.webhook.minSeverity} alerts and above`);
  return `notifications: ${parts.join('; ')}`;
}

export function createNotifier(options: NotifierOptions): RunningNotifier {
  const { settings, store, now, log } = options;
  if (!settings) return { alertChanged: async () => {}, start() {}, stop: async () => {} };
  const email = settings.email ? smtpSender(settings.email.smtp, settings.email.from) : null;
  const webhook = settings.webhook ? webhookSender(settings.webhook.secret) : null;
  let loop: OutboxLoop | null = null;

  const deliver = async (message: OutboxMessage, at: Date) => {
    const { payload } = message;
    if (payload.channel === 'email') {
      if (!email) throw new Error('email is no longer configured; the message waits until it is');
      const { rejected } = await email.send(payload);
      if (rejected.length > 0) log.warn({ id: message.id, rejected: rejected.length }, 'the SMTP server refused some recipients of a notification (the rest have it); check the addresses in notifications.email');
    } else {
      if (!webhook) throw new Error('the webhook is no longer configured; the message waits until it is');
      await webhook(payload, message.id, at);
    }
  };

  const queueDigestIfDue = async () => {
    if (!settings.email) return;
    const at = now();
    const period = dueDigest(at, settings.email.digestHour, settings.timeZone);
    if (!period || (await store.notifications.hasDigest(period.localDate))) return;
    const figures = await digestFigures(store, period, options.heartbeatStaleMinutes, at);
    const { publicUrl, timeZone } = settings;
    const itLead = itLeadOnly(settings.email);
    const messages: NewOutboxMessage[] = [{ kind: 'digest', payload: digestEmail(period, figures, 'dsl', [...settings.email.dslRecipients], publicUrl, timeZone) }];
    if (itLead.length > 0) messages.push({ kind: 'digest', payload: digestEmail(period, figures, 'it-lead', itLead, publicUrl, timeZone) });
    // False when another pass or process queued this date's digest first: then nothing is queued twice.
    if (await store.notifications.queueDigest(period, at, messages)) log.info({ date: period.localDate }, 'daily safeguarding digest queued');
  };

  return {
    async alertChanged(notice) {
      const queued = await store.notifications.recordNotice(notice, now(), messagesFor(notice, settings));
      if (queued) loop?.kick();
    },
    start() {
      loop ??= startOutboxLoop({ store: store.notifications, deliver, beforePass: queueDigestIfDue, now, log, pollMs: options.pollMs ?? DEFAULT_POLL_MS });
    },
    async stop() {
      await loop?.stop();
      email?.close();
    },
  };
}
