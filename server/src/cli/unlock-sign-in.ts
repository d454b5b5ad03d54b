/**
 * `npm run server -- unlock-sign-in`: break glass when the IT Lead or DSL is
 * locked out of the dashboard (someone guessed at their account, or a pupil
 * tried passwords from the school's shared address). Forgets every recorded
 * failed sign-in; safe while the endpoint runs (same database). If the
 * guessing goes on, the lockout comes back: find the address in the process
 * log ("dashboard sign-in refused") and stop it at the proxy or firewall.
 */
import { configPathFromEnv, loadConfigFile } from '../config/load';
import { openStore } from '../store/open-store';

export async function unlockSignInCommand(): Promise<number> {
  const config = loadConfigFile(configPathFromEnv());
  const store = await openStore(config);
  try {
    const forgotten = await store.signIns.clear();
    console.log(`Forgot ${forgotten} failed sign-in${forgotten === 1 ? '' : 's'}: every account and address may sign in again.`);
    return 0;
  } finally {
    await store.close();
  }
}
