/**
 * `trustProxy`: the addresses of the school's own reverse proxy. Fastify hands
 * the list to proxy-addr, which walks X-Forwarded-For from the right (the hop
 * nearest the endpoint) past every trusted address, and takes the first it
 * does not trust: the address the proxy itself saw. Entries further left were
 * written by the client and are never believed.
 *
 * `true` (trust every hop) used to be allowed: Fastify then takes the left-most
 * entry, which any pupil can write, so logged addresses were forged and sign-in
 * limits dodged with a new fake address per try. It is refused with a message
 * saying what to write instead, rather than quietly given a new meaning.
 */
import { isIP } from 'node:net';

/** proxy-addr's names for address ranges. */
export const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'] as const;

export const TRUST_PROXY_TRUE_MESSAGE =
  'true is no longer accepted: it believed the first X-Forwarded-For address, which the client writes. ' +
  'List your reverse proxy\'s addresses instead, e.g. ["127.0.0.1"] for a proxy on the same machine, or ["10.0.0.5"]; false if there is none';

/** An IP address, a CIDR range (`10.0.0.0/8`, `fd00::/8`) or one of proxy-addr's names. */
export function isProxyAddress(entry: string): boolean {
  if ((PROXY_RANGE_NAMES as readonly string[]).includes(entry)) return true;
  const match = /^([^/]+)\/(\d{1,3})$/.exec(entry);
  if (!match) return isIP(entry) !== 0;
  const family = isIP(match[1]!);
  const prefix = Number(match[2]);
  return (family === 4 && prefix <= 32) || (family === 6 && prefix <= 128);
}
