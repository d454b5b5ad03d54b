/**
 * Slow connections are closed (issue 16, finding 9): a client that trickles
 * its headers, or sends headers and stalls its body, is cut off once the
 * headers or request timeout passes, instead of holding a socket forever.
 * Real sockets on loopback; the server runs with short timeouts from config.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/src/config/load';
import { batchOf } from './harness/fixtures';
import { DEVICE_TOKEN, startTestServer, type TestServer } from './harness/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { timeouts: { headersSeconds: 1, requestSeconds: 2, keepAliveSeconds: 1 } } });
});
afterAll(() => server.close());

interface Ending {
  /** Milliseconds from connecting until the server closed the socket. */
  afterMs: number;
  /** What the server wrote before closing. */
  received: string;
}

/** Opens a raw socket and resolves when the server closes it (or after `giveUpMs`, as null). */
function openSocket(giveUpMs: number): { socket: Socket; ended: Promise<Ending | null> } {
  const { port } = new URL(server.url);
  const socket = connect({ host: '127.0.0.1', port: Number(port) });
  const started = Date.now();
  let received = '';
  socket.on('data', (chunk) => void (received += chunk.toString('latin1')));
  socket.on('error', () => {});
  const ended = new Promise<Ending | null>((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, giveUpMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ afterMs: Date.now() - started, received });
    });
  });
  return { socket, ended };
}

/** Writes `text` one byte every `everyMs` while the socket is open. */
async function trickle(socket: Socket, text: string, everyMs: number): Promise<void> {
  for (const byte of text) {
    if (socket.destroyed) return;
    socket.write(byte);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

describe('timeouts', () => {
  it('closes a connection that sends its headers one byte at a time', async () => {
    const { socket, ended } = openSocket(8_000);
    // 60 bytes at 100 ms each would take 6 s; the headers timeout is 1 s.
    const headers = `POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(20)}\r\n\r\n`;
    void trickle(socket, headers, 100);
    const ending = await ended;
    expect(ending, 'the server never closed the socket').not.toBeNull();
    // 1 s timeout, checked every 250 ms: closed well before the trickle ends.
    expect(ending!.afterMs).toBeLessThan(3_000);
    expect(socket.destroyed || socket.readableEnded).toBe(true);
  });

  it('closes a connection that sends its headers and then stalls its body', async () => {
    const { socket, ended } = openSocket(8_000);
    const body = JSON.stringify(batchOf(1));
    socket.write(
      `POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${DEVICE_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    const ending = await ended;
    expect(ending, 'the server never closed the socket').not.toBeNull();
    expect(ending!.afterMs).toBeLessThan(4_000);
    expect(ending!.received).toMatch(/^HTTP\/1\.1 408 /);
    expect((await server.counts()).events).toBe(0);
  });

  it('still takes a request that arrives slowly but within the time', async () => {
    const { socket, ended } = openSocket(5_000);
    const body = JSON.stringify(batchOf(1));
    socket.write(
      `POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${DEVICE_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    );
    // The body in four pieces over about 0.6 s: slower than a LAN, well inside 2 s.
    for (let piece = 0; piece < 4; piece++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      socket.write(body.slice((piece * body.length) / 4, ((piece + 1) * body.length) / 4));
    }
    const ending = await ended;
    expect(ending!.received).toMatch(/^HTTP\/1\.1 200 /);
    expect((await server.counts()).events).toBe(1);
  });

  it('has safe defaults, and refuses a headers timeout longer than the request timeout', () => {
    const tokens = [{ token: DEVICE_TOKEN, scope: 'device' as const, label: 'p' }];
    expect(parseConfig({ tokens }, 'c', '/').timeouts).toEqual({ headersSeconds: 20, requestSeconds: 60, keepAliveSeconds: 72 });
    expect(() => parseConfig({ tokens, timeouts: { headersSeconds: 90, requestSeconds: 60 } }, 'c', '/')).toThrow(/c: timeouts\.headersSeconds: headersSeconds cannot be longer/);
  });
});
