/**
 * An HTTP proxy on loopback in front of the real endpoint. It forwards every
 * request at once and records each reply, and it can hold replies back: the
 * endpoint has stored a batch but the extension has not heard so. Stopping the
 * worker at that moment is the worst case for an uploader (the batch must be
 * neither lost nor stored twice).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  path: string;
  status: number;
  /** The endpoint's reply body, as text. */
  reply: string;
  /** The request's identity proof header (issue 21), as the device sent it. */
  proof: string | null;
}

export interface HoldingProxy {
  readonly url: string;
  readonly exchanges: readonly Exchange[];
  /** While on, replies reach the proxy but not the client. */
  holdReplies(on: boolean): void;
  /** Resolves with the first exchange held from now on. */
  nextHeldReply(timeoutMs?: number): Promise<Exchange>;
  /** Cut the connections whose replies were held, as a dying client would see. */
  dropHeld(): void;
  close(): Promise<void>;
}

function proofHeader(headers: http.IncomingHttpHeaders): string | null {
  const value = headers['x-identity-proof'];
  return typeof value === 'string' ? value : null;
}

export async function startHoldingProxy(upstream: string): Promise<HoldingProxy> {
  const target = new URL(upstream);
  const exchanges: Exchange[] = [];
  const held: http.ServerResponse[] = [];
  let holding = false;
  let waiters: ((exchange: Exchange) => void)[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const forward = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (upstreamReply) => {
          const replyChunks: Buffer[] = [];
          upstreamReply.on('data', (chunk: Buffer) => replyChunks.push(chunk));
          upstreamReply.on('end', () => {
            const body = Buffer.concat(replyChunks);
            const exchange = { method: req.method ?? 'GET', path: req.url ?? '/', status: upstreamReply.statusCode ?? 0, reply: body.toString('utf8'), proof: proofHeader(req.headers) };
            exchanges.push(exchange);
            if (holding) {
              held.push(res);
              for (const waiter of waiters) waiter(exchange);
              waiters = [];
              return;
            }
            res.writeHead(exchange.status, upstreamReply.headers);
            res.end(body);
          });
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dropHeld = () => {
    for (const res of held.splice(0)) res.destroy();
  };

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    holdReplies: (on) => void (holding = on),
    nextHeldReply: (timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply was held within ${timeoutMs} ms`)), timeoutMs);
        waiters.push((exchange) => {
          clearTimeout(timer);
          resolve(exchange);
        });
      }),
    dropHeld,
    async close() {
      dropHeld();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
