/**
 * Write limits count a proven account apart from a named one: any holder of the OU's device token can name
 * any pupil, so a flood naming a classmate must not hold back the classmate's own uploads, which come with
 * an identity proof for their account (issue 21). Limits are small here so the flood is short; the stand-in
 * issuer signs real RS256 ID tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { IDENTITY_PROOF_HEADER } from '../../src/shared/identity-proof';
import { batchOf, navigationEvent } from './harness/fixtures';
import { mintIdToken, startStandInProvider, type StandInProvider } from './harness/oidc-provider';
import { DEVICE_TOKEN, jsonPost, startTestServer, type TestServer } from './harness/server';

const EXTENSION_CLIENT = 'school-filter-extension.apps.example';
const VICTIM = 'pupil.two@school.example';

let provider: StandInProvider;
let server: TestServer;

beforeAll(async () => {
  provider = await startStandInProvider();
  server = await startTestServer({
    start: new Date('2026-03-02T09:01:00.000Z'),
    config: {
      identityProof: { clientIds: [EXTENSION_CLIENT], domains: ['school.example'], issuer: provider.issuer },
      writeLimits: { events: { token: { max: 100_000 }, account: { max: 500 } } },
    },
  });
});
afterAll(async () => {
  await server?.close();
  await provider?.close();
});

function postEvents(count: number, user: string, proof?: string): Promise<Response> {
  const init = jsonPost(DEVICE_TOKEN, batchOf(count, () => navigationEvent('www.example.org', { user })));
  return server.fetch(API_PATHS.events, { ...init, headers: { ...(init.headers as Record<string, string>), ...(proof ? { [IDENTITY_PROOF_HEADER]: proof } : {}) } });
}

describe('a flood in another pupil’s name', () => {
  it('fills only the named (unproven) count: the pupil’s own proven uploads still land', async () => {
    // 500 named, then 1 more: the named count is full.
    expect((await postEvents(500, VICTIM)).status).toBe(200);
    expect((await postEvents(1, VICTIM)).status).toBe(429);

    const proof = mintIdToken(provider, { email: VICTIM, aud: EXTENSION_CLIENT, now: server.clock.now() });
    const own = await postEvents(100, VICTIM, proof);
    expect(own.status).toBe(200);
    expect((await server.counts()).events).toBe(600);
  });

  it('and proven uploads have their own limit: 500 more proven in the window are over it', async () => {
    const proof = mintIdToken(provider, { email: VICTIM, aud: EXTENSION_CLIENT, now: server.clock.now() });
    // 100 proven so far (the test above) + 400 = 500, within; one more is over.
    expect((await postEvents(400, VICTIM, proof)).status).toBe(200);
    const over = await postEvents(1, VICTIM, proof);
    expect(over.status).toBe(429);
    expect(((await over.json()) as { error: string }).error).toContain("this account's limit is 500 events per 5 minutes");
  });
});
