/**
 * An ID token's signature, checked with Node's own crypto (no JWT library: only RS256 with an RSA JWK is
 * needed, and the fewer parsers between Google and a DSL's session the better). The algorithm is fixed to
 * RS256 whatever the header says, so a token cannot pick `none` or HMAC-with-the-public-key.
 */
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';

export interface Jwk extends JsonWebKey {
  kid?: string;
  kty?: string;
  alg?: string;
  use?: string;
}

export type SignatureCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' };

export function decodeJwt(token: string): { header: Record<string, unknown>; claims: Record<string, unknown>; signingInput: string; signature: Buffer } | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown;
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (!isObject(header) || !isObject(claims)) return null;
    return { header, claims, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2]!, 'base64url') };
  } catch {
    return null;
  }
}

/** The `kid` the token's header names, to look up (and, when unknown, to refresh the key set for). */
export function keyIdOf(token: string): string | null {
  const decoded = decodeJwt(token);
  return decoded && typeof decoded.header.kid === 'string' ? decoded.header.kid : null;
}

export function verifyRs256(token: string, keys: readonly Jwk[]): SignatureCheck {
  const decoded = decodeJwt(token);
  if (!decoded || decoded.header.alg !== 'RS256' || typeof decoded.header.kid !== 'string') return { ok: false, reason: 'malformed' };
  const jwk = keys.find((key) => key.kid === decoded.header.kid && key.kty === 'RSA' && (key.alg === undefined || key.alg === 'RS256') && (key.use === undefined || key.use === 'sig'));
  if (!jwk) return { ok: false, reason: 'unknown-key' };
  let valid: boolean;
  try {
    valid = verify('RSA-SHA256', Buffer.from(decoded.signingInput), createPublicKey({ key: jwk, format: 'jwk' }), decoded.signature);
  } catch {
    return { ok: false, reason: 'bad-signature' };
  }
  return valid ? { ok: true, claims: decoded.claims } : { ok: false, reason: 'bad-signature' };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
