/**
 * X-Forwarded-For (issue 16, finding 6): behind the school's reverse proxy the
 * logged client IP is the address the proxy saw (the right-most hop that is
 * not a trusted proxy), never the left-most entry, which the client writes.
 * Real requests from loopback play the proxy: the harness connects from
 * 127.0.0.1, the address the config trusts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { ConfigError, parseConfig } from '../../server/src/config/load';
import { batchOf, blockEvent, report } from './harness/fixtures';
import { DEVICE_TOKEN, jsonPost, startTestServer, type TestServer } from './harness/server';

function withForwardedFor(init: RequestInit, forwardedFor: string): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': forwardedFor } };
}

describe('behind a trusted proxy on loopback', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { trustProxy: ['127.0.0.1', '10.0.0.0/8'] } });
  });
  afterAll(() => server.close());

  it('stores the address the proxy appended, not the one the client forged in front of it', async () => {
    const sent = report();
    // The client wrote "6.6.6.6"; the proxy appended the address it saw, 203.0.113.7.
    const response = await server.fetch(API_PATHS.reports, withForwardedFor(jsonPost(DEVICE_TOKEN, sent), '6.6.6.6, 203.0.113.7'));
    expect(response.status).toBe(201);
    expect((await server.store.reports.get(sent.id))!.clientIp).toBe('203.0.113.7');
  });

  it('walks past every trusted hop: two proxies in a row', async () => {
    const event = blockEvent();
    // client forged 6.6.6.6 -> outer proxy saw 198.51.100.9 -> inner proxy (10.1.2.3) -> the endpoint on loopback.
    const response = await server.fetch(API_PATHS.events, withForwardedFor(jsonPost(DEVICE_TOKEN, batchOf(1, () => event)), '6.6.6.6, 198.51.100.9, 10.1.2.3'));
    expect(response.status).toBe(200);
    const [row] = await server.store.events.search({ user: event.user, limit: 10 });
    expect(row!.clientIp).toBe('198.51.100.9');
  });
});

describe('with no trusted proxy (the default)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('ignores X-Forwarded-For: the socket address is the client', async () => {
    const sent = report();
    await server.fetch(API_PATHS.reports, withForwardedFor(jsonPost(DEVICE_TOKEN, sent), '6.6.6.6, 203.0.113.7'));
    expect((await server.store.reports.get(sent.id))!.clientIp).toBe('127.0.0.1');
  });
});

describe('the trustProxy setting', () => {
  const tokens = [{ token: DEVICE_TOKEN, scope: 'device' as const, label: 'p' }];
  const parse = (trustProxy: unknown) => parseConfig({ tokens, trustProxy }, 'config.json', '/');

  it('refuses true, saying what to write instead', () => {
    expect(() => parse(true)).toThrow(ConfigError);
    expect(() => parse(true)).toThrow(/config\.json: trustProxy: true is no longer accepted: .*List your reverse proxy's addresses instead, e\.g\. \["127\.0\.0\.1"\]/);
  });

  it('takes addresses, CIDR ranges and the named ranges; refuses anything else by position', () => {
    expect(parse(['127.0.0.1', '::1', '10.0.0.0/8', 'fd00::/8', 'loopback', 'uniquelocal']).trustProxy).toEqual(['127.0.0.1', '::1', '10.0.0.0/8', 'fd00::/8', 'loopback', 'uniquelocal']);
    expect(parse(false).trustProxy).toBe(false);
    expect(parse([]).trustProxy).toBe(false);
    expect(() => parse(['proxy.school.example'])).toThrow(/config\.json: trustProxy\.0: "proxy\.school\.example" is not an IP address/);
    expect(() => parse(['127.0.0.1', '10.0.0.0/33'])).toThrow(/trustProxy\.1: "10\.0\.0\.0\/33"/);
    expect(() => parse(1)).toThrow(/trustProxy/);
  });
});
