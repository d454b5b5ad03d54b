/**
 * Server timeouts, so a slow or stalled client cannot hold a connection (and
 * the memory behind it) open forever: the classic slowloris trickles its
 * headers a byte at a time, or sends headers and then stalls its body.
 *
 * - headers: the whole header block within `headersSeconds` (20 s by default;
 *   real headers are under 8 KB and arrive in well under a second).
 * - request: headers and body within `requestSeconds` (60 s by default). The
 *   largest legitimate request is a ~550 KB report or a 512 KB event batch
 *   from a Chromebook on a crowded school Wi-Fi: 60 s allows about 75 kbit/s,
 *   and the extension itself gives up on a request after 10 s.
 * - keep-alive: an idle connection between requests is closed after
 *   `keepAliveSeconds` (72 s, Fastify's default: longer than the idle timeout of
 *   common reverse proxies, e.g. nginx's 60 s, so the proxy never reuses a
 *   socket the endpoint has just closed).
 *
 * Node checks headers and request timeouts on a timer (30 s by default), so a
 * limit is enforced up to that much late: the timer here runs at a quarter of
 * the headers timeout, capped at 30 s and at least every 100 ms.
 */
import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config/schema';

export function serverTimeouts(timeouts: Config['timeouts']): Pick<FastifyServerOptions, 'requestTimeout' | 'keepAliveTimeout'> & { http: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } } {
  const headersTimeout = Math.round(timeouts.headersSeconds * 1000);
  const requestTimeout = Math.round(timeouts.requestSeconds * 1000);
  return {
    // Fastify sets these on the server after creating it (its defaults, 0, would switch Node's off).
    requestTimeout,
    keepAliveTimeout: Math.round(timeouts.keepAliveSeconds * 1000),
    // Passed to http.createServer: Fastify has no option of its own for the headers timeout or the checking timer.
    http: { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(headersTimeout / 4))) },
  };
}
