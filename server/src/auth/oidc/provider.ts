/**
 * Talking to the OpenID provider (Google, or the tests' loopback stand-in): discovery, its signing keys,
 * and the code exchange. Every call has a deadline (googleSignIn.timeoutSeconds), so a provider that hangs
 * refuses the sign-in rather than holding it. The discovery document is kept for an hour and the key set
 * until a token names a key it lacks; then it is fetched again, at most once a minute, so a stream of
 * tokens with made-up key ids cannot make the endpoint hammer the provider.
 */
import type { GoogleSignInSettings } from '../../config/google-sign-in';
import type { Jwk } from './jwt';

const DISCOVERY_TTL_MS = 60 * 60_000;
const KEYS_REFRESH_MIN_MS = 60_000;
/**
 * After a fetch from the issuer fails, how long its failure is the answer without asking again. Devices'
 * uploads check proofs, so while Google is down and no keys are held every upload would otherwise wait the
 * whole timeout for the same failure; this way one request in this window waits, the rest are answered at once
 * ("issuer unreachable": stored unverified, or refused where proofs are required).
 */
export const ISSUER_FAILURE_KEPT_MS = 15_000;

/** `unreachable`: no answer in time, or no connection; `refused`: an answer that was an error or made no sense. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'refused' = 'refused',
  ) {
    super(message);
  }
}

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

/** What checking an ID token needs from its issuer: discovery and the signing keys, both cached. */
export interface IssuerKeys {
  discovery(): Promise<Discovery>;
  /** The key set; `refreshFor` names a key id the cached set lacks. */
  keys(refreshFor?: string): Promise<Jwk[]>;
}

export interface Provider extends IssuerKeys {
  /** The ID token for an authorization code. */
  exchange(code: string, verifier: string): Promise<string>;
}

export interface IssuerSettings {
  issuer: string;
  timeoutMs: number;
}

async function getJson(settings: IssuerSettings, url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(settings.timeoutMs) });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer in ${settings.timeoutMs} ms` : (error as Error).message;
    throw new ProviderError(`${new URL(url).origin} unreachable: ${reason}`, 'unreachable');
  }
  const body = (await response.json().catch((error: Error) => (error.name === 'TimeoutError' ? 'timeout' : null))) as unknown;
  if (body === 'timeout') throw new ProviderError(`${new URL(url).origin} unreachable: its answer did not finish in ${settings.timeoutMs} ms`, 'unreachable');
  if (!response.ok || typeof body !== 'object' || body === null) {
    // The provider's error code only: a token endpoint's body is never logged whole.
    const code = body && typeof body === 'object' && 'error' in body ? String((body as { error: unknown }).error) : 'not JSON';
    throw new ProviderError(`${new URL(url).origin} answered ${response.status} (${code})`);
  }
  return body as Record<string, unknown>;
}

/** One issuer's discovery document and key set, cached as the header says; share one per issuer (issuerKeysRegistry). */
export function issuerKeys(settings: IssuerSettings, now: () => number = Date.now): IssuerKeys {
  let discovered: { value: Discovery; at: number } | null = null;
  let keySet: { value: Jwk[]; at: number } | null = null;
  const discoveryFetch = fetchOnce<Discovery>(now);
  const keysFetch = fetchOnce<Jwk[]>(now);

  async function discovery(): Promise<Discovery> {
    if (discovered && now() - discovered.at < DISCOVERY_TTL_MS) return discovered.value;
    const value = await discoveryFetch(async () => {
      const body = await getJson(settings, `${settings.issuer}/.well-known/openid-configuration`);
      const fields = ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;
      if (fields.some((field) => typeof body[field] !== 'string')) throw new ProviderError('discovery document lacks an endpoint');
      // OpenID Connect Discovery 4.3: the document must name the issuer it was fetched from.
      if (body.issuer !== settings.issuer) throw new ProviderError(`discovery names issuer ${String(body.issuer)}, not ${settings.issuer}`);
      return body as unknown as Discovery;
    });
    discovered = { value, at: now() };
    return value;
  }

  return {
    discovery,
    async keys(refreshFor) {
      const stale = !keySet || (refreshFor !== undefined && !keySet.value.some((key) => key.kid === refreshFor) && now() - keySet.at >= KEYS_REFRESH_MIN_MS);
      if (stale) {
        const value = await keysFetch(async () => {
          const body = await getJson(settings, (await discovery()).jwks_uri);
          if (!Array.isArray(body.keys)) throw new ProviderError('key set has no keys');
          return body.keys as Jwk[];
        });
        keySet = { value, at: now() };
      }
      return keySet!.value;
    },
  };
}

/**
 * One fetch at a time for everyone who asks meanwhile (a burst of uploads after a restart asks the issuer
 * once), and a failure kept as the answer for ISSUER_FAILURE_KEPT_MS.
 */
function fetchOnce<T>(now: () => number): (fetch: () => Promise<T>) => Promise<T> {
  let running: Promise<T> | null = null;
  let failed: { error: unknown; at: number } | null = null;
  return (fetch) => {
    if (failed && now() - failed.at < ISSUER_FAILURE_KEPT_MS) return Promise.reject(failed.error);
    running ??= fetch()
      .then(
        (value) => {
          failed = null;
          return value;
        },
        (error: unknown) => {
          if (error instanceof ProviderError) failed = { error, at: now() };
          throw error;
        },
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
}

/**
 * One IssuerKeys per issuer for the whole app: the dashboard's sign-in and the devices' identity proofs share
 * the cache when they trust the same issuer, so Google is asked once, not once per feature.
 */
export function issuerKeysRegistry(now: () => number = Date.now): (settings: IssuerSettings) => IssuerKeys {
  const byIssuer = new Map<string, IssuerKeys>();
  return (settings) => {
    let keys = byIssuer.get(settings.issuer);
    if (!keys) byIssuer.set(settings.issuer, (keys = issuerKeys(settings, now)));
    return keys;
  };
}

/** The dashboard's sign-in: an issuer's keys plus the code exchange with the school's client. */
export function openIdProvider(settings: GoogleSignInSettings, now: () => number = Date.now, keys: IssuerKeys = issuerKeys(settings, now)): Provider {
  return {
    discovery: () => keys.discovery(),
    keys: (refreshFor) => keys.keys(refreshFor),
    async exchange(code, verifier) {
      const form = new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: settings.redirectUri,
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        code_verifier: verifier,
      });
      const body = await getJson(settings, (await keys.discovery()).token_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form });
      if (typeof body.id_token !== 'string') throw new ProviderError('token endpoint sent no id_token');
      return body.id_token;
    },
  };
}
