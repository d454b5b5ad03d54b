/** `npm run server -- hash-password`: prints a scrypt hash for a dashboardUsers entry. */
import { hashPassword } from '../auth/password';
import { readSecret } from './read-secret';

export const MIN_PASSWORD_LENGTH = 12;

export async function hashPasswordCommand(): Promise<number> {
  const password = await readSecret('Password for the dashboard user: ');
  if (password.length < MIN_PASSWORD_LENGTH) {
    console.error(`Use at least ${MIN_PASSWORD_LENGTH} characters: a passphrase of four or five words is easy to remember and hard to guess.`);
    return 1;
  }
  console.log(await hashPassword(password));
  return 0;
}
