/**
 * Dashboard passwords, hashed with scrypt (memory-hard, in Node's crypto):
 *   scrypt$N$r$p$<salt base64>$<hash base64>
 * The parameters travel with the hash so they can be raised later without
 * invalidating existing users.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const COST = 2 ** 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function derive(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Node refuses scrypt above 32 MiB by default; N=2^15, r=8 needs exactly that, so allow headroom. */
function memoryFor(cost: number, blockSize: number): number {
  return 128 * cost * blockSize * 2;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const options = { N: COST, r: BLOCK_SIZE, p: PARALLELISM, maxmem: memoryFor(COST, BLOCK_SIZE) };
  const key = await derive(password, salt, KEY_LENGTH, options);
  return `scrypt$${COST}$${BLOCK_SIZE}$${PARALLELISM}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function isPasswordHash(value: string): boolean {
  const match = FORMAT.exec(value);
  if (!match) return false;
  const cost = Number(match[1]);
  // A power of two, and not so large that one sign-in could exhaust the machine.
  return cost >= 2 ** 10 && cost <= 2 ** 20 && (cost & (cost - 1)) === 0 && Number(match[2]) <= 32 && Number(match[3]) <= 16;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = FORMAT.exec(stored);
  if (!match || !isPasswordHash(stored)) return false;
  const [, cost, blockSize, parallelism, salt, hash] = match;
  const expected = Buffer.from(hash!, 'base64');
  const options = { N: Number(cost), r: Number(blockSize), p: Number(parallelism), maxmem: memoryFor(Number(cost), Number(blockSize)) };
  const actual = await derive(password, Buffer.from(salt!, 'base64'), expected.length, options);
  return expected.length > 0 && timingSafeEqual(actual, expected);
}

/** Spends the time a real check would, so an unknown username cannot be told from a wrong password. */
let dummyHash: Promise<string> | null = null;
export async function verifyAgainstNobody(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64'));
  await verifyPassword(password, await dummyHash);
  return false;
}
