/** The `notifications` config: secrets from a file or the environment, never the JSON; clear refusals. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/src/config/load';
import { startTestServer } from './harness/server';

const TOKENS = [{ token: 'a-device-token-that-is-long-enough', scope: 'device', label: 'pupils' }];
const dir = mkdtempSync(join(tmpdir(), 'school-endpoint-notify-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'smtp-password'), 'mail-password\n');
writeFileSync(join(dir, 'hook-secret'), `${'k'.repeat(40)}\n`);
writeFileSync(join(dir, 'short-secret'), 'too-short');

const EMAIL = {
  smtp: { host: 'smtp.school.example', user: 'filter@school.example', passwordFile: 'smtp-password' },
  from: 'filter@school.example',
  dslRecipients: ['dsl@school.example'],
};

function parse(notifications: unknown, extra: Record<string, unknown> = { publicUrl: 'https://filter.school.example/' }, env: NodeJS.ProcessEnv = {}) {
  return parseConfig({ tokens: TOKENS, ...extra, notifications }, 'config.json', dir, env);
}

function refusal(notifications: unknown, extra?: Record<string, unknown>, env?: NodeJS.ProcessEnv): string {
  try {
    parse(notifications, extra, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
}

describe('notifications config', () => {
  it('is off when absent', () => {
    expect(parseConfig({ tokens: TOKENS }, 'config.json', dir).notifications).toBeNull();
  });

  it('fills the defaults and reads the SMTP password from a file beside the config', () => {
    expect(parse({ email: EMAIL }).notifications).toEqual({
      timeZone: 'Europe/London',
      publicUrl: 'https://filter.school.example',
      email: {
        smtp: { host: 'smtp.school.example', port: 587, security: 'starttls', auth: { user: 'filter@school.example', pass: 'mail-password' } },
        from: 'filter@school.example',
        dslRecipients: ['dsl@school.example'],
        itLeadRecipients: [],
        minSeverity: 'high',
        digestHour: 7,
      },
      webhook: null,
    });
  });

  it('reads secrets from environment variables', () => {
    const smtp = { host: 'smtp.school.example', security: 'tls', user: 'filter', passwordEnv: 'FILTER_SMTP_PASSWORD' };
    const webhook = { url: 'https://cpoms.example/hook', secretEnv: 'FILTER_HOOK_SECRET', minSeverity: 'medium' };
    const config = parse({ email: { ...EMAIL, smtp }, webhook }, undefined, { FILTER_SMTP_PASSWORD: 'from-env', FILTER_HOOK_SECRET: 'h'.repeat(32) });
    expect(config.notifications!.email!.smtp).toEqual({ host: 'smtp.school.example', port: 465, security: 'tls', auth: { user: 'filter', pass: 'from-env' } });
    expect(config.notifications!.webhook).toEqual({ url: 'https://cpoms.example/hook', secret: 'h'.repeat(32), minSeverity: 'medium' });
  });

  it('refuses what would send alerts in clear text, or nowhere useful, each with the reason', () => {
    expect(refusal({ webhook: { url: 'http://cpoms.example/hook', secretFile: 'hook-secret' } })).toContain(
      'config.json: notifications.webhook.url: must be https:// (http:// only on loopback, for testing): "cpoms.example" would receive alerts in clear text',
    );
    expect(refusal({ email: { ...EMAIL, smtp: { host: 'mail.school.example', security: 'none' } } })).toContain('config.json: notifications.email.smtp.security: "none" sends alerts in clear text');
    expect(refusal({ email: EMAIL }, {})).toContain('config.json: publicUrl: notifications link to the dashboard: set publicUrl');
    expect(refusal({})).toContain('config.json: notifications: set email, webhook or both');
    expect(refusal({ timeZone: 'Mars/Olympus_Mons', email: EMAIL })).toContain('config.json: notifications.timeZone: not a time zone name');
    expect(refusal({ email: { ...EMAIL, dslRecipients: [] } })).toContain('notifications.email.dslRecipients: at least one DSL address');
    expect(refusal({ email: { ...EMAIL, minSeverity: 'urgent' } })).toContain('notifications.email.minSeverity');
    expect(refusal({ email: { ...EMAIL, digestHour: 24 } })).toContain('notifications.email.digestHour');
  });

  it('refuses a password written in the JSON, or one it cannot read', () => {
    expect(refusal({ email: { ...EMAIL, smtp: { host: 'smtp.school.example', user: 'u', password: 'in-the-file' } } })).toMatch(/notifications\.email\.smtp: Unrecognized key: "password"/);
    expect(refusal({ email: { ...EMAIL, smtp: { host: 'smtp.school.example', user: 'u' } } })).toContain('notifications.email.smtp.user: a user needs passwordFile or passwordEnv');
    expect(refusal({ email: { ...EMAIL, smtp: { host: 'smtp.school.example', user: 'u', passwordFile: 'missing' } } })).toContain(`config.json: notifications.email.smtp.passwordFile: cannot read ${join(dir, 'missing')}: ENOENT`);
    expect(refusal({ email: { ...EMAIL, smtp: { host: 'smtp.school.example', user: 'u', passwordEnv: 'NOT_SET_HERE' } } })).toContain('notifications.email.smtp.passwordEnv: the environment variable NOT_SET_HERE is not set');
    expect(refusal({ webhook: { url: 'https://cpoms.example/hook' } })).toContain('notifications.webhook.secretFile: set one of secretFile or secretEnv');
    expect(refusal({ webhook: { url: 'https://cpoms.example/hook', secretFile: 'short-secret' } })).toContain('notifications.webhook.secretFile: the secret needs at least 32 characters');
  });

  it('logs what it will send, without the secrets', async () => {
    const logLines: string[] = [];
    const server = await startTestServer({
      logLines,
      // Before the digest's hour, so nothing tries to reach smtp.school.example.
      start: new Date('2026-06-15T05:00:00Z'),
      config: { publicUrl: 'https://filter.school.example', notifications: { email: { ...EMAIL, smtp: { ...EMAIL.smtp, passwordFile: join(dir, 'smtp-password') }, itLeadRecipients: ['it@school.example'] } } },
    });
    await server.close();
    const lines = logLines.filter((line) => line.includes('"notifications: '));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('notifications: email via smtp.school.example:587 (starttls) to 1 DSL and 1 IT Lead addresses for high alerts and above, digest daily at 07:00 Europe/London');
    expect(logLines.join('\n')).not.toContain('mail-password');
  });
});
