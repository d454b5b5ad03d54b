/**
 * Chrome derives an extension's id from its public key: the first 128 bits of
 * sha256(DER public key), written in hex with the digits 0-f mapped to a-p.
 * The build needs the id before Chrome does (DNR redirect targets are full
 * chrome-extension:// URLs), so we compute it the same way.
 */
export async function extensionIdFromKey(base64PublicKeyDer: string): Promise<string> {
  const der = Uint8Array.from(atob(base64PublicKeyDer), (c) => c.charCodeAt(0));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', der));
  let id = '';
  for (const byte of digest.subarray(0, 16)) {
    id += String.fromCharCode(97 + (byte >> 4), 97 + (byte & 0x0f));
  }
  return id;
}
