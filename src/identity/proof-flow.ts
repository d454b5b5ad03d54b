/**
 * Obtaining an identity proof (issue 21), the pure part: the OpenID Connect implicit-flow request the
 * worker hands to `chrome.identity.launchWebAuthFlow`, and what it accepts back. The contract with the
 * endpoint is src/shared/identity-proof.ts.
 *
 * Why this flow: `chrome.identity.getAuthToken` needs a profile signed in to Chrome (impossible in the
 * headless test browser) and returns an opaque access token the endpoint would have to send to Google on
 * every check, whereas an ID token is checked locally against the issuer's published keys. And
 * launchWebAuthFlow speaks the real protocol to any issuer, so the flow tested against the loopback
 * stand-in is the production flow (measured: `interactive: false` completes in headless Chromium 156 when
 * the authorization endpoint redirects at once, and fails with "User interaction required" when it shows
 * a page instead).
 *
 * The device does not verify the token's signature (the endpoint does, and a device that could be fooled
 * gains nothing: the endpoint would refuse the proof). It checks what only it can: the nonce it made for
 * this request, and that the token names the account signed in here, so a proof for someone else is never
 * sent beside this user's records.
 */

export const DEFAULT_AUTHORIZATION_URL = 'https://accounts.google.com/o/oauth2/v2/auth';

/** A proof is renewed this long before it expires, so one never expires on the way to the endpoint. */
export const RENEW_BEFORE_EXPIRY_MS = 5 * 60_000;

export interface ProofRequest {
  authorizationUrl: string;
  clientId: string;
  /** The extension's redirect URL (identity.getRedirectURL()): https://EXTENSION_ID.chromiumapp.org/ */
  redirectUri: string;
  /** The signed-in account: the issuer signs in this one (or answers login_required), never a chooser. */
  account: string;
  nonce: string;
  /** A teacher clicked: the issuer may show a page (sign in, choose the account). Otherwise `prompt=none`. */
  interactive: boolean;
}

/** A proof the device holds: the ID token, whom it names, and when it stops being worth sending. */
export interface HeldProof {
  token: string;
  account: string;
  clientId: string;
  /** The token's `exp`, in milliseconds. */
  expiresAt: number;
}

export type ProofOutcome = { ok: true; proof: HeldProof } | { ok: false; why: string };

export function authorizationRequestUrl(request: ProofRequest): string {
  const url = new URL(request.authorizationUrl);
  url.searchParams.set('response_type', 'id_token');
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('scope', 'openid email');
  url.searchParams.set('nonce', request.nonce);
  url.searchParams.set('login_hint', request.account);
  if (!request.interactive) url.searchParams.set('prompt', 'none');
  return url.toString();
}

/** The claims of a JWT, read without checking its signature (the endpoint checks that); null if it is not one. */
export function unverifiedClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const claims: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Email addresses name one account whatever their case. */
export const sameAccount = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * What came back from the issuer (the redirect URL launchWebAuthFlow resolved with). The reasons never
 * include the token: they reach the status page and the console.
 */
export function proofFromRedirect(redirected: string, request: ProofRequest): ProofOutcome {
  let url: URL;
  try {
    url = new URL(redirected);
  } catch {
    return { ok: false, why: 'the issuer redirected to something that is not a URL' };
  }
  if (url.origin !== new URL(request.redirectUri).origin) {
    return { ok: false, why: 'the issuer redirected somewhere other than this extension' };
  }
  // The implicit flow answers in the fragment; an error may come in the query too.
  const answer = new URLSearchParams(url.hash.replace(/^#/, ''));
  const error = answer.get('error') ?? url.searchParams.get('error');
  if (error) {
    // The issuer's own words reach the panel and the status page: kept short.
    const detail = (answer.get('error_description') ?? url.searchParams.get('error_description'))?.slice(0, 200);
    return { ok: false, why: `the issuer answered ${error.slice(0, 100)}${detail ? ` (${detail})` : ''}` };
  }
  const token = answer.get('id_token');
  if (!token) return { ok: false, why: 'the issuer sent no ID token' };
  const claims = unverifiedClaims(token);
  if (!claims) return { ok: false, why: 'the issuer sent an ID token this extension cannot read' };
  if (claims.nonce !== request.nonce) return { ok: false, why: 'the ID token is not the answer to this request (its nonce differs)' };
  if (typeof claims.email !== 'string' || !sameAccount(claims.email, request.account)) {
    return { ok: false, why: 'the issuer signed in another account than the one signed in on this device' };
  }
  if (typeof claims.exp !== 'number') return { ok: false, why: 'the ID token has no expiry' };
  return { ok: true, proof: { token, account: claims.email, clientId: request.clientId, expiresAt: claims.exp * 1000 } };
}

/** A held proof is sent while it is for this account and client and not about to expire. */
export function isUsable(proof: HeldProof | undefined, want: { account: string; clientId: string }, now: number): proof is HeldProof {
  return proof !== undefined && sameAccount(proof.account, want.account) && proof.clientId === want.clientId && proof.expiresAt - RENEW_BEFORE_EXPIRY_MS > now;
}

/**
 * Whether a proof may go beside these records: only when every record names its account. A proof for
 * another account than a record names is refused by the endpoint (`other-account`), and for an events
 * batch that would quarantine the whole batch; without a proof the records are stored, marked unverified.
 */
export function proofForRecords(proof: HeldProof | null, users: readonly string[]): HeldProof | null {
  return proof && users.every((user) => sameAccount(user, proof.account)) ? proof : null;
}

/**
 * The oldest records up to the first that names another account: a batch goes with one account's proof
 * or none, so one account's records never lose their proof (or, where proofs are required, their place)
 * for sharing a batch with another's (records made before sign-in name no account).
 */
export function oneAccountRun<T>(records: readonly T[], userOf: (record: T) => string): T[] {
  const first = records[0];
  if (first === undefined) return [];
  const end = records.findIndex((record) => !sameAccount(userOf(record), userOf(first)));
  return end === -1 ? [...records] : records.slice(0, end);
}
