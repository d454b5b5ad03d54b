/**
 * Chrome derives an extension's id from its public key: the first 128 bits of
 * sha256(DER public key), written in hex with the digits 0-f mapped to a-p.
 * The build needs the id before Chrome does (DNR redirect targets are full
 * chrome-extension:// URLs), and packaging names the id of the key it signs
 * with, so both compute it here, the one place the mapping is written.
 */

/** The id for a public key's sha256 digest (only the first 16 bytes count). */
export function extensionIdFromDigest(sha256: Uint8Array): string {
  let id = '';
  for (const byte of sha256.subarray(0, 16)) {
    id += String.fromCharCode(97 + (byte >> 4), 97 + (byte & 0x0f));
  }
  return id;
}

/** The id for the manifest's `key` (base64 DER SubjectPublicKeyInfo), with Web Crypto so pages and scripts alike can call it. */
export async function extensionIdFromKey(base64PublicKeyDer: string): Promise<string> {
  const der = Uint8Array.from(atob(base64PublicKeyDer), (c) => c.charCodeAt(0));
  return extensionIdFromDigest(new Uint8Array(await crypto.subtle.digest('SHA-256', der)));
}
