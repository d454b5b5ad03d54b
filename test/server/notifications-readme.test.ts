/**
 * server/README.md's "Notifications" section and config rows state figures and names the code owns (a README that
 * mirrors code is checked, DESIGN.md): defaults, retry timings, the poll, the webhook's headers, the subject.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/src/config/load';
import { DEFAULT_DIGEST_HOUR, DEFAULT_SMTP_PORTS, DEFAULT_TIME_ZONE } from '../../server/src/config/notifications';
import { alertSubject } from '../../server/src/notifications/alert-email';
import { FIRST_RETRY_MS, MAX_RETRY_MS } from '../../server/src/notifications/backoff';
import { DEFAULT_POLL_MS } from '../../server/src/notifications/notifier';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../server/src/notifications/webhook-signature';

const readme = readFileSync(resolve(import.meta.dirname, '..', '..', 'server', 'README.md'), 'utf8');
// Prose wraps anywhere: compare with runs of whitespace as one space.
const section = readme.slice(readme.indexOf('## Notifications'), readme.indexOf('## Data, UK GDPR and backup')).replace(/\s+/g, ' ');
const row = (key: string) => readme.split('\n').find((line) => line.startsWith(`| \`${key}\` |`)) ?? '';

describe("server/README.md's notifications", () => {
  it('gives the defaults the config has', () => {
    expect(row('notifications.timeZone')).toContain(`| \`${DEFAULT_TIME_ZONE}\` |`);
    expect(row('notifications.email.digestHour')).toContain(`| \`${DEFAULT_DIGEST_HOUR}\` |`);
    expect(row('notifications.email.smtp')).toContain(`port ${DEFAULT_SMTP_PORTS.starttls}, ${DEFAULT_SMTP_PORTS.tls} or ${DEFAULT_SMTP_PORTS.none} by \`security\``);
  });

  it('states the retry timings, the poll and the webhook headers the code uses', () => {
    expect(section).toContain(`retried after ${FIRST_RETRY_MS / 1000} s, doubling to every ${MAX_RETRY_MS / 60_000} minutes`);
    expect(section).toContain(`at least every ${DEFAULT_POLL_MS / 1000} seconds`);
    for (const header of [TIMESTAMP_HEADER, SIGNATURE_HEADER, DELIVERY_HEADER]) expect(section).toContain(`| \`${header}\` |`);
    expect(section).toContain(`subject is \`${alertSubject({ severity: 'high', change: 'opened' })}\` (or \`${alertSubject({ severity: 'critical', change: 'raised' })}\`)`);
  });

  it('gives an example config the endpoint accepts', () => {
    const raw = readme.slice(readme.indexOf('## Notifications'));
    const example = raw.slice(raw.indexOf('```json') + '```json'.length, raw.indexOf('```', raw.indexOf('```json') + 7));
    const dir = mkdtempSync(join(tmpdir(), 'school-endpoint-readme-'));
    try {
      writeFileSync(join(dir, 'smtp-password'), 'secret\n');
      const config = parseConfig(
        { tokens: [{ token: 'a-device-token-that-is-long-enough', scope: 'device', label: 'pupils' }], ...JSON.parse(`{${example}}`) },
        'README example',
        dir,
        { FILTER_WEBHOOK_SECRET: 'w'.repeat(64) },
      );
      expect(config.notifications?.email?.dslRecipients).toHaveLength(2);
      expect(config.notifications?.webhook?.minSeverity).toBe('medium');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
