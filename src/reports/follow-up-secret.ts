/**
 * The secret that lets only the device that sent a report add to it (see
 * model.ts). Made on the device with the report, kept in its outbox record,
 * sent with the POST and every PATCH; the endpoint keeps only its sha256.
 */
const SECRET_BYTES = 32;

export function newFollowUpSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
