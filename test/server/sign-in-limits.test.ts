/**
 * Failed sign-in limits (issue 16, finding 8): per address and per account,
 * kept where a flood of junk usernames cannot wipe them. The endpoint trusts
 * loopback as its proxy, so each request's X-Forwarded-For names the address
 * a real proxy would have seen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_VALUE, DASHBOARD_API } from '../../server/src/dashboard-api/types';
import { DSL, IT_LEAD, startTestServer, type TestServer } from './harness/server';

// Our own data directory, so a restart keeps it (the harness removes only the ones it made).
const dataDir = mkdtempSync(join(tmpdir(), 'school-endpoint-sign-in-'));
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ dataDir, config: { trustProxy: ['127.0.0.1'] } });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function login(body: { username: string; password: string }, forwardedFor: string) {
  return server.fetch(`${DASHBOARD_API}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_VALUE, 'x-forwarded-for': forwardedFor },
    body: JSON.stringify(body),
  });
}

const wrong = (username: string) => ({ username, password: 'not the password' });

async function failureRows(): Promise<number> {
  return (await server.counts()).sign_in_failures;
}

/** Sends `count` requests, `parallel` at a time, and tallies the statuses. */
async function tally(count: number, parallel: number, send: (index: number) => Promise<Response>): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  for (let start = 0; start < count; start += parallel) {
    const batch = await Promise.all(Array.from({ length: Math.min(parallel, count - start) }, (_, offset) => send(start + offset)));
    for (const response of batch) {
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      await response.body?.cancel();
    }
  }
  return statuses;
}

describe('sign-in limits', () => {
  it('refuses an address after ten failed sign-ins, even with the right password, saying when to try again', async () => {
    for (let i = 0; i < 10; i++) expect((await login(wrong(IT_LEAD.username), '203.0.113.1')).status).toBe(401);
    const refused = await login(IT_LEAD, '203.0.113.1');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ error: 'too many failed sign-ins for this account or from this address: try again in 15 minutes' });
    expect(refused.headers.get('retry-after')).toBe('900');
    expect(refused.headers.get('set-cookie')).toBeNull();
    // Nobody else is locked out by that address's guesses.
    expect((await login(IT_LEAD, '198.51.100.20')).status).toBe(200);
  });

  it('counts the address the proxy saw: a new forged X-Forwarded-For entry per try does not help', async () => {
    for (let i = 0; i < 10; i++) expect((await login(wrong(IT_LEAD.username), `6.6.6.${i}, 203.0.113.2`)).status).toBe(401);
    expect((await login(IT_LEAD, '6.6.6.99, 203.0.113.2')).status).toBe(429);
  });

  it('refuses an account guessed at from ten addresses (30 guesses between them), even with the right password', async () => {
    const statuses = await tally(50, 1, (index) => login(wrong(DSL.username), `192.0.2.${Math.floor(index / 5)}`));
    // Ten addresses, five guesses each: the first 30 are checked, the rest refused.
    expect(statuses).toEqual({ 401: 30, 429: 20 });
    const refused = await login(DSL, '192.0.2.200');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toMatch(/^too many failed sign-ins/);
  });

  it('still refuses them after 10,001 junk usernames from many addresses: the flood is refused, stores almost nothing, and wipes nothing', async () => {
    const before = await failureRows();
    const statuses = await tally(10_001, 50, (index) => login(wrong(`junk-${index}@example.invalid`), `100.64.${Math.floor(index / 250)}.${index % 250}`));
    // Unknown usernames share one account key: 30 failures lock it, and the rest are refused unchecked.
    expect(statuses[401]).toBe(30);
    expect(statuses[429]).toBe(10_001 - 30);
    expect((await failureRows()) - before).toBe(30);
    expect((await login(DSL, '192.0.2.201')).status).toBe(429);
    expect((await login(IT_LEAD, '203.0.113.1')).status).toBe(429);
  }, 120_000);

  it('checks guesses sent all at once against the limit, not only those sent one by one', async () => {
    const statuses = await tally(40, 40, () => login(wrong(IT_LEAD.username), '203.0.113.40'));
    expect(statuses).toEqual({ 401: 10, 429: 30 });
  });

  it('keeps its lockouts across a restart', async () => {
    await server.close();
    server = await startTestServer({ dataDir, config: { trustProxy: ['127.0.0.1'] }, start: server.clock.now() });
    expect((await login(DSL, '192.0.2.202')).status).toBe(429);
    expect((await login(IT_LEAD, '203.0.113.1')).status).toBe(429);
  });

  it('lets them in again once the failures are 15 minutes old', async () => {
    server.clock.advanceMinutes(16);
    expect((await login(DSL, '192.0.2.203')).status).toBe(200);
    expect((await login(IT_LEAD, '203.0.113.1')).status).toBe(200);
    // Each attempt forgets every failure older than the window; a right password withdraws its own.
    expect(await failureRows()).toBe(0);
    expect((await login(wrong(DSL.username), '192.0.2.204')).status).toBe(401);
    expect(await failureRows()).toBe(1);
  });
});
