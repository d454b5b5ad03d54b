/**
 * The `notifications` key: email to the DSL (and the IT Lead for risks that are not DSL-only), the daily
 * digest and a webhook. Optional: a school that writes nothing gets no email and the start-up log says so.
 *
 * Secrets (the SMTP password, the webhook's HMAC key) are never written in the JSON: like `tokenSha256`
 * for tokens, the file names where the secret is (`passwordFile`/`secretFile`, relative to the config
 * file, or `passwordEnv`/`secretEnv`), so config.json can be shared or backed up without them. They are
 * read once at start (resolveNotificationSecrets), and a missing one stops the start with a clear message.
 */
import { z } from 'zod';
import { isLoopbackHost } from '../auth/sessions';
import { SEVERITIES, type Severity } from '../monitoring/risks';
import { envName, readSecret } from './read-secret';

export const DEFAULT_TIME_ZONE = 'Europe/London';
export const DEFAULT_DIGEST_HOUR = 7;
export const SMTP_SECURITY = ['starttls', 'tls', 'none'] as const;
/** The usual port for each: submission with STARTTLS, implicit TLS, and a local relay. */
export const DEFAULT_SMTP_PORTS: Record<(typeof SMTP_SECURITY)[number], number> = { starttls: 587, tls: 465, none: 25 };
const MIN_WEBHOOK_SECRET = 32;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const severity = z.enum(SEVERITIES);

const smtpSchema = z
  .strictObject({
    host: z.string().trim().min(1),
    port: z.int().min(1).max(65535).optional(),
    /** `starttls`: upgrade and refuse to send if the server cannot; `tls`: TLS from the start (465); `none`: a relay on this machine only. */
    security: z.enum(SMTP_SECURITY).default('starttls'),
    user: z.string().min(1).optional(),
    passwordFile: z.string().min(1).optional(),
    passwordEnv: envName.optional(),
  })
  .superRefine((smtp, context) => {
    if (smtp.security === 'none' && !isLoopbackHost(smtp.host)) {
      context.addIssue({ code: 'custom', path: ['security'], message: `"none" sends alerts in clear text: only to a relay on this machine (localhost, 127.0.0.1, ::1), not "${smtp.host}"; use "starttls" or "tls"` });
    }
    const sources = [smtp.passwordFile, smtp.passwordEnv].filter((source) => source !== undefined).length;
    if (sources > 1) context.addIssue({ code: 'custom', path: ['passwordFile'], message: 'set passwordFile or passwordEnv, not both' });
    if (smtp.user !== undefined && sources === 0) context.addIssue({ code: 'custom', path: ['user'], message: 'a user needs passwordFile or passwordEnv (the password is never written in config.json)' });
    if (smtp.user === undefined && sources > 0) context.addIssue({ code: 'custom', path: ['user'], message: 'a password needs a user' });
  });

const emailSchema = z.strictObject({
  smtp: smtpSchema,
  from: z.email(),
  dslRecipients: z.array(z.email()).min(1, 'at least one DSL address'),
  /** Also told about alerts whose risk is not DSL-only (never self-harm, suicide or CSE). */
  itLeadRecipients: z.array(z.email()).default([]),
  /** Alerts at this severity or above are emailed at once; the rest wait for the digest. */
  minSeverity: severity.default('high'),
  /** The daily digest's hour, school time (`timeZone`). */
  digestHour: z.int().min(0).max(23).default(DEFAULT_DIGEST_HOUR),
  /**
   * In a trust (config `schools`): each school's own DSL and IT Lead addresses, told about that school's alerts only.
   * The addresses above are the trust's: told about every school's alerts, and sent the digest.
   */
  schools: z
    .record(
      z.string(),
      z.strictObject({
        dslRecipients: z.array(z.email()).min(1, "at least one of the school's DSL addresses"),
        itLeadRecipients: z.array(z.email()).default([]),
      }),
    )
    .optional(),
});

const webhookSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }),
    secretFile: z.string().min(1).optional(),
    secretEnv: envName.optional(),
    minSeverity: severity.default('low'),
  })
  .superRefine((webhook, context) => {
    const url = new URL(webhook.url);
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      context.addIssue({ code: 'custom', path: ['url'], message: `must be https:// (http:// only on loopback, for testing): "${url.host}" would receive alerts in clear text` });
    }
    const sources = [webhook.secretFile, webhook.secretEnv].filter((source) => source !== undefined).length;
    if (sources !== 1) context.addIssue({ code: 'custom', path: ['secretFile'], message: 'set one of secretFile or secretEnv: the key every request is signed with (never written in config.json)' });
  });

export const notificationsSchema = z
  .strictObject({
    /** The school's time zone (IANA name): the digest's hour and the times written in emails. */
    timeZone: z.string().default(DEFAULT_TIME_ZONE).refine(isTimeZone, 'not a time zone name such as Europe/London'),
    email: emailSchema.optional(),
    webhook: webhookSchema.optional(),
  })
  .refine((notifications) => notifications.email || notifications.webhook, 'set email, webhook or both (or leave out notifications for none)');

export type NotificationsFile = z.output<typeof notificationsSchema>;

/** What the endpoint runs with: secrets read, ports filled in. */
export interface NotificationSettings {
  timeZone: string;
  /** The dashboard's address (`publicUrl`), no trailing slash: every email and webhook links to it. */
  publicUrl: string;
  email: (Omit<NonNullable<NotificationsFile['email']>, 'smtp'> & { smtp: SmtpSettings }) | null;
  webhook: { url: string; secret: string; minSeverity: Severity } | null;
}

export interface SmtpSettings {
  host: string;
  port: number;
  security: (typeof SMTP_SECURITY)[number];
  auth: { user: string; pass: string } | null;
}

export interface SecretIssue {
  path: (string | number)[];
  message: string;
}

export function resolveNotificationSecrets(
  notifications: NotificationsFile,
  publicUrl: string,
  baseDir: string,
  env: NodeJS.ProcessEnv,
): { settings: NotificationSettings; issues: SecretIssue[] } {
  const issues: SecretIssue[] = [];
  let email: NotificationSettings['email'] = null;
  if (notifications.email) {
    const { smtp, ...rest } = notifications.email;
    let auth: SmtpSettings['auth'] = null;
    if (smtp.user !== undefined) {
      const secret = readSecret(smtp.passwordFile, smtp.passwordEnv, baseDir, env);
      if ('value' in secret) auth = { user: smtp.user, pass: secret.value };
      else issues.push({ path: ['notifications', 'email', 'smtp', secret.key === 'file' ? 'passwordFile' : 'passwordEnv'], message: secret.problem });
    }
    email = { ...rest, smtp: { host: smtp.host, port: smtp.port ?? DEFAULT_SMTP_PORTS[smtp.security], security: smtp.security, auth } };
  }
  let webhook: NotificationSettings['webhook'] = null;
  if (notifications.webhook) {
    const { url, secretFile, secretEnv, minSeverity } = notifications.webhook;
    const secret = readSecret(secretFile, secretEnv, baseDir, env);
    const path = ['notifications', 'webhook', secretFile !== undefined ? 'secretFile' : 'secretEnv'];
    if (!('value' in secret)) issues.push({ path, message: secret.problem });
    else if (secret.value.length < MIN_WEBHOOK_SECRET) issues.push({ path, message: `the secret needs at least ${MIN_WEBHOOK_SECRET} characters (e.g. \`openssl rand -hex 32\`)` });
    else webhook = { url, secret: secret.value, minSeverity };
  }
  return { settings: { timeZone: notifications.timeZone, publicUrl: publicUrl.replace(/\/+$/, ''), email, webhook }, issues };
}
