/**
 * A loopback web server that answers for any hostname, over HTTP and HTTPS.
 * Chromium maps test hostnames (www.tiktok.com, ...) to it with
 * --host-resolver-rules, so a test can prove both what loaded and what never
 * left the browser: every request that reaches us is recorded with its headers.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface RecordedRequest {
  scheme: 'http' | 'https';
  host: string;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface FixtureResponse {
  status?: number;
  contentType?: string;
  body: string;
}

export type FixtureRoute = (request: RecordedRequest) => FixtureResponse | undefined;

export interface FixtureServer {
  httpPort: number;
  httpsPort: number;
  requests: RecordedRequest[];
  /** Requests whose Host (without port) is `host`. */
  requestsTo(host: string): RecordedRequest[];
  /** Add a handler consulted before the default page; return undefined to pass. */
  route(handler: FixtureRoute): void;
  clear(): void;
  close(): Promise<void>;
}

const TLS_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'tls');

function defaultPage(request: RecordedRequest): FixtureResponse {
  const title = `fixture ${request.host}${request.path}`;
  return {
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1 id="fixture">${title}</h1></body></html>`,
  };
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const requests: RecordedRequest[] = [];
  const routes: FixtureRoute[] = [];

  const handler = (scheme: 'http' | 'https') => (req: http.IncomingMessage, res: http.ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const recorded: RecordedRequest = { scheme, host, method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers };
    requests.push(recorded);
    let response: FixtureResponse | undefined;
    for (const route of routes) {
      response = route(recorded);
      if (response) break;
    }
    response ??= defaultPage(recorded);
    res.writeHead(response.status ?? 200, { 'content-type': response.contentType ?? 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(response.body);
  };

  const plain = http.createServer(handler('http'));
  const secure = https.createServer(
    { key: readFileSync(join(TLS_DIR, 'key.pem')), cert: readFileSync(join(TLS_DIR, 'cert.pem')) },
    handler('https'),
  );
  await Promise.all([
    new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve)),
    new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve)),
  ]);

  return {
    httpPort: (plain.address() as AddressInfo).port,
    httpsPort: (secure.address() as AddressInfo).port,
    requests,
    requestsTo: (host) => requests.filter((r) => r.host === host.toLowerCase()),
    route: (route) => void routes.push(route),
    clear: () => {
      requests.length = 0;
    },
    close: async () => {
      plain.closeAllConnections();
      secure.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => plain.close(() => resolve())),
        new Promise<void>((resolve) => secure.close(() => resolve())),
      ]);
    },
  };
}

/** Chromium flag that sends every hostname to the fixture server (loopback IPs stay as they are). */
export function hostResolverRules(server: Pick<FixtureServer, 'httpPort' | 'httpsPort'>): string {
  return `MAP *:443 127.0.0.1:${server.httpsPort}, MAP * 127.0.0.1:${server.httpPort}, EXCLUDE localhost, EXCLUDE 127.0.0.1`;
}
