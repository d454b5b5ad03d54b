/**
 * Sends an email through the school's SMTP server (nodemailer). Throws when the server does not take it,
 * so the outbox retries. `starttls` requires the upgrade (requireTLS): a server that cannot offer it gets
 * nothing rather than the alert in clear text. Timeouts are short so a dead server fails an attempt in
 * seconds, not nodemailer's default two minutes.
 */
import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../config/notifications';
import type { EmailMessage } from './outbox-messages';

/** The display name on every email: recognisable in an inbox, and no more than the from address says. */
export const FROM_NAME = 'School web filter';

export type SendEmail = (message: EmailMessage) => Promise<{ rejected: string[] }>;

export function smtpSender(smtp: SmtpSettings, from: string): { send: SendEmail; close(): void } {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    ...(smtp.auth ? { auth: smtp.auth } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      const info = await transport.sendMail({ from: { name: FROM_NAME, address: from }, to: message.to, subject: message.subject, text: message.text, html: message.html });
      // Some recipients refused but not all: the rest have it, so a retry would send theirs twice. The caller logs these.
      const rejected = (info.rejected ?? []) as (string | { address: string })[];
      return { rejected: rejected.map((address) => (typeof address === 'string' ? address : address.address)) };
    },
    close: () => transport.close(),
  };
}
