/**
 * While the issuer (Google) hangs and no keys are held, the endpoint waits the timeout once per 15 s, not once
 * per request: devices' uploads check proofs, and each would otherwise wait the whole timeout for the same
 * failure. A burst of requests shares one fetch. The issuer here is a loopback TCP server that accepts
 * connections and never answers; it counts the HTTP requests it is sent (not connections: Node's fetch opens
 * a spare one after an aborted request).
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proofVerifier } from '../../server/src/auth/identity-proof/verifier';
import { ISSUER_FAILURE_KEPT_MS, issuerKeys } from '../../server/src/auth/oidc/provider';
import type { IdentityProofSettings } from '../../server/src/config/identity-proof';
import { mintIdToken, startStandInProvider, type StandInProvider } from './harness/oidc-provider';

const CLIENT = 'school-filter-extension.apps.example';
const TIMEOUT_MS = 400;

let hanging: Server;
let requests = 0;
const sockets: Socket[] = [];
let signer: StandInProvider;

beforeAll(async () => {
  hanging = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (chunk) => {
      if (/^GET /.test(chunk.toString('latin1'))) requests++;
    });
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  signer = await startStandInProvider();
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => hanging.close(resolve));
  await signer?.close();
});

describe('an issuer that does not answer', () => {
  it('is waited for once; requests in the next 15 s are answered "unreachable" at once, and a burst shares one wait', async () => {
    const issuer = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    let clock = new Date('2026-06-01T09:00:00.000Z');
    const settings: IdentityProofSettings = { clientIds: [CLIENT], domains: ['school.example'], issuer, timeoutMs: TIMEOUT_MS, require: { staff: true, pupils: false } };
    const verifier = proofVerifier(settings, issuerKeys(settings, () => clock.getTime()), () => clock);
    // Signed by another issuer's key: what matters is that checking it needs this issuer's keys.
    const proof = (email: string) => mintIdToken(signer, { email, aud: CLIENT, now: clock });

    const started = performance.now();
    const burst = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => verifier.verify(proof(`${name}@school.example`))));
    const burstMs = performance.now() - started;
    expect(burst).toEqual(Array(5).fill({ verified: false, problem: 'issuer-unreachable' }));
    expect(requests).toBe(1);
    expect(burstMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);

    clock = new Date(clock.getTime() + ISSUER_FAILURE_KEPT_MS - 1000);
    const quick = performance.now();
    expect(await verifier.verify(proof('f@school.example'))).toEqual({ verified: false, problem: 'issuer-unreachable' });
    expect(performance.now() - quick).toBeLessThan(TIMEOUT_MS / 2);
    expect(requests).toBe(1);

    clock = new Date(clock.getTime() + 2000);
    expect(await verifier.verify(proof('g@school.example'))).toEqual({ verified: false, problem: 'issuer-unreachable' });
    expect(requests).toBe(2);
  });
});
