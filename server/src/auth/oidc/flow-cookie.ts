/**
 * What a Google sign-in must remember between the start and the callback: `state` (this browser started it),
 * `nonce` (the ID token was made for this sign-in), the PKCE verifier, and the dashboard view to land on.
 *
 * Kept in a short-lived cookie, not in the database or memory: the endpoint's processes hold no state that
 * matters (DESIGN.md), and nothing is written for a sign-in nobody finishes, so starting sign-ins costs no
 * rows. The cookie is HttpOnly (no script reads the verifier), scoped to the callback's path, lasts 10
 * minutes, and is HMAC-signed with a key made from the client secret, so it cannot be forged or edited.
 * SameSite=Lax, not Strict: the callback is a top-level navigation from Google's site, and a Strict cookie
 * would not be sent with it. It is cleared at the callback, whatever the outcome, so a callback cannot be
 * replayed from the same browser; `state` travels in the address and must equal the cookie's.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const FLOW_COOKIE = 'school_filter_oidc';
export const FLOW_COOKIE_PATH = '/dashboard/api/oidc';
export const FLOW_MINUTES = 10;

export interface SignInFlow {
  state: string;
  nonce: string;
  verifier: string;
  /** The dashboard's hash route to land on, without '#'. */
  then: string;
  expiresAt: number;
}

/** The hash routes the dashboard uses (`report/<id>`, `safeguarding-alert/<id>`, `logs?...`): nothing that could leave the page. */
export function safeThen(value: unknown): string {
  const then = typeof value === 'string' ? value.replace(/^#/, '') : '';
  return then.length <= 300 && /^[A-Za-z0-9/_\-.:=&?%+]*$/.test(then) ? then : '';
}

export function newFlow(then: string, now: Date): SignInFlow {
  const random = () => randomBytes(32).toString('base64url');
  return { state: random(), nonce: random(), verifier: random(), then: safeThen(then), expiresAt: now.getTime() + FLOW_MINUTES * 60_000 };
}

/** PKCE S256: what the authorization request carries; the verifier goes only to the token endpoint. */
export function codeChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function keyFrom(clientSecret: string): Buffer {
  return createHmac('sha256', clientSecret).update('school-filter dashboard sign-in flow cookie').digest();
}

export function sealFlow(flow: SignInFlow, clientSecret: string): string {
  const body = Buffer.from(JSON.stringify(flow)).toString('base64url');
  return `${body}.${createHmac('sha256', keyFrom(clientSecret)).update(body).digest('base64url')}`;
}

/** Null for a missing, forged, edited or expired cookie. */
export function openFlow(cookie: string | undefined, clientSecret: string, now: Date): SignInFlow | null {
  if (!cookie || cookie.length > 2000) return null;
  const [body, mac] = cookie.split('.');
  if (!body || !mac) return null;
  const expected = createHmac('sha256', keyFrom(clientSecret)).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const flow = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SignInFlow;
    return typeof flow.expiresAt === 'number' && flow.expiresAt > now.getTime() ? flow : null;
  } catch {
    return null;
  }
}

/** Constant time, so the state cannot be guessed a character at a time. */
export function sameState(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
