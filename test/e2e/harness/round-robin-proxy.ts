/**
 * A round-robin reverse proxy on loopback, in front of several endpoint processes, as a school's nginx or Caddy
 * would be (written here rather than run nginx: nginx is not installed on every test machine, and a test must
 * see which process took each request and kill one at a chosen moment). Each request goes to the next
 * upstream not known to be down; one that refuses the connection is marked down and the client gets 502, as
 * nginx answers a POST it will not retry. It records every exchange, and can kill the process that answers
 * the next POST of a path the moment its reply has arrived, before the device hears it: stored, but not known
 * to be stored, the worst moment for an uploader.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface ProxiedExchange {
  upstream: number;
  method: string;
  path: string;
  /** 0: the upstream did not answer (killed or refused). */
  status: number;
  /** The request body as text (a gzipped batch, as the extension sends it, unzipped). */
  body: string;
  reply: string;
  /** The reply was cut rather than relayed (the process was killed at that moment). */
  cut: boolean;
}

export interface RoundRobinProxy {
  readonly url: string;
  readonly exchanges: readonly ProxiedExchange[];
  /** The next POST to `path` is answered by its upstream, then `kill(upstream)` runs and the client's connection is cut. */
  killOnNextReply(path: string, kill: (upstream: number) => void): Promise<ProxiedExchange>;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(upstreams: readonly string[]): Promise<RoundRobinProxy> {
  const exchanges: ProxiedExchange[] = [];
  const down = new Set<number>();
  let next = 0;
  let armed: { path: string; kill: (upstream: number) => void; done: (exchange: ProxiedExchange) => void } | null = null;

  const pick = (): number | null => {
    for (let tried = 0; tried < upstreams.length; tried += 1) {
      const index = next;
      next = (next + 1) % upstreams.length;
      if (!down.has(index)) return index;
    }
    return null;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
      const upstream = pick();
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      if (upstream === null) {
        res.writeHead(502).end();
        return;
      }
      const target = new URL(upstreams[upstream]!);
      const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1' };
      const forward = http.request({ host: target.hostname, port: target.port, method, path, headers }, (reply) => {
        const replyChunks: Buffer[] = [];
        reply.on('data', (chunk: Buffer) => replyChunks.push(chunk));
        reply.on('end', () => {
          const replyText = Buffer.concat(replyChunks).toString('utf8');
          const kill = armed && method === 'POST' && path === armed.path ? armed : null;
          const exchange: ProxiedExchange = { upstream, method, path, status: reply.statusCode ?? 0, body: text, reply: replyText, cut: kill !== null };
          exchanges.push(exchange);
          if (kill) {
            armed = null;
            kill.kill(upstream);
            down.add(upstream);
            res.destroy();
            kill.done(exchange);
            return;
          }
          res.writeHead(reply.statusCode ?? 502, reply.headers).end(Buffer.concat(replyChunks));
        });
      });
      forward.on('error', () => {
        down.add(upstream);
        exchanges.push({ upstream, method, path, status: 0, body: text, reply: '', cut: false });
        if (!res.headersSent) res.writeHead(502).end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    killOnNextReply: (path, kill) => new Promise((done) => (armed = { path, kill, done })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
