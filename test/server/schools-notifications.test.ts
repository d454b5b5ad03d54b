/**
 * Alert email in a trust: each school's own DSL is told about their school's alerts only; the trust's recipients
 * (the addresses that were there before schools) about every school's. Real endpoint, real SMTP server on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { parseConfig } from '../../server/src/config/load';
import { blockEvent, envelope } from './harness/fixtures';
import { jsonPost, startTestServer, type TestServer } from './harness/server';
import { startSmtp, type TestSmtp } from './harness/smtp';
import { TRUST_TOKENS, trustConfig } from './harness/trust';

const TRUST_DSL = 'dsl@trust.example';
const NORTH_DSL = 'dsl@north.example';
const SOUTH_DSL = 'dsl@south.example';

let smtp: TestSmtp;
let server: TestServer;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({
    notificationPollMs: 50,
    config: {
      ...(await trustConfig()),
      publicUrl: 'https://filter.trust.example',
      notifications: {
        email: {
          smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
          from: 'filter@trust.example',
          dslRecipients: [TRUST_DSL],
          schools: { north: { dslRecipients: [NORTH_DSL] }, south: { dslRecipients: [SOUTH_DSL, TRUST_DSL.toUpperCase()] } },
        },
      },
    },
  });
});
afterAll(async () => {
  await server?.close();
  await smtp?.stop();
});

describe('alert email in a trust', () => {
  it('goes to the alert’s school’s DSL and the trust’s, never another school’s, each address once', async () => {
    const block = blockEvent({ ...envelope({ user: 'pupil@south.example' }), category: 'self-harm', host: 'harm.example' });
    expect((await server.fetch(API_PATHS.events, jsonPost(TRUST_TOKENS.southPupils, { events: [block] }))).status).toBe(200);
    const mail = await smtp.waitFor((received) => received.subject.startsWith('Safeguarding alert'), 10_000);
    expect(mail.rcptTo.map((address) => address.toLowerCase()).sort()).toEqual([SOUTH_DSL, TRUST_DSL].sort());
  });

  it('refuses recipients for a school the config does not name, or without schools', async () => {
    const trust = await trustConfig();
    const email = (schools: Record<string, unknown>) => ({ smtp: { host: '127.0.0.1', port: 25, security: 'none' }, from: 'f@trust.example', dslRecipients: [TRUST_DSL], schools });
    expect(() => parseConfig({ ...trust, publicUrl: 'https://f.example', notifications: { email: email({ east: { dslRecipients: [NORTH_DSL] } }) } }, 'c', '/tmp')).toThrow(/notifications\.email\.schools\.east: "east" is not one of the schools/);
    const single = { tokens: [{ token: 'a-device-token-long-enough', scope: 'device', label: 'p' }] };
    expect(() => parseConfig({ ...single, publicUrl: 'https://f.example', notifications: { email: email({ north: { dslRecipients: [NORTH_DSL] } }) } }, 'c', '/tmp')).toThrow(/the config has no schools list/);
  });
});
