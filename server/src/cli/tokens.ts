/**
 * Token rotation from the command line, for the operator (the dashboard's Tokens page does the same for the IT
 * Lead). Safe while the endpoint runs: the same database, and every endpoint process sees the change within
 * seconds.
 *   npm run server -- tokens                                   the labels, their tokens, issued and retiring dates
 *   npm run server -- rotate-token LABEL [--grace-days N]       a new token for LABEL (shown once); the old ones retire after N days (7; 0: at once)
 *   npm run server -- retire-token LABEL                       retire LABEL's old tokens now, ending their grace (a leaked token)
 */
import { userInfo } from 'node:os';
import { retireNow, rotateToken, RotationRefused } from '../auth/rotate';
import { TokenBook } from '../auth/token-book';
import { DEFAULT_GRACE_DAYS } from '../auth/token-rotation';
import { configPathFromEnv, loadConfigFile } from '../config/load';
import type { Config } from '../config/schema';
import { openStore } from '../store/open-store';
import type { Store } from '../store/store';
import { ouPolicyFor, proofClientOf, policyLines } from './ou-policies';
import { publicBaseUrl } from './start';
import { tokenListLines } from './token-list';

export const TOKENS_USAGE = 'npm run server -- tokens | rotate-token LABEL [--grace-days N] | retire-token LABEL';

/** Who the trail names for a change made here: the operator's login on this machine. */
function operator(): string {
  return `command line (${userInfo().username})`;
}

async function withTokens(run: (config: Config, store: Store, book: TokenBook) => Promise<number>): Promise<number> {
  const config = loadConfigFile(configPathFromEnv());
  // The engine the config names: on PostgreSQL, the database every endpoint process shares.
  const store = await openStore(config);
  try {
    return await run(config, store, new TokenBook(config.tokens, store.tokens, () => new Date(), 0));
  } catch (error) {
    if (!(error instanceof RotationRefused)) throw error;
    console.error(error.message);
    return 1;
  } finally {
    await store.close();
  }
}

export function parseGraceDays(args: readonly string[]): number | string {
  const at = args.indexOf('--grace-days');
  if (at < 0) return DEFAULT_GRACE_DAYS;
  const value = args[at + 1];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : '--grace-days needs a whole number of days (0 retires the old token at once)';
}

export async function tokensCommand(): Promise<number> {
  return withTokens(async (_config, store, book) => {
    console.log(tokenListLines(await book.known(), await store.tokens.trail(20), new Date()).join('\n'));
    return 0;
  });
}

export async function rotateTokenCommand(args: readonly string[]): Promise<number> {
  const label = args[0];
  const graceDays = parseGraceDays(args);
  if (!label || label.startsWith('--') || typeof graceDays === 'string') {
    console.error(typeof graceDays === 'string' ? graceDays : `usage: ${TOKENS_USAGE}`);
    return 2;
  }
  return withTokens(async (config, store, book) => {
    const rotated = await rotateToken(book, store.tokens, label, graceDays, operator(), new Date());
    const base = publicBaseUrl(config, `http://${config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host}:${config.listen.port}`);
    const lines = [
      `New token for "${label}" (${rotated.scope}): ${rotated.token}`,
      'It is shown once: only its sha256 is stored. Put it in the policy of every OU that uses this label now.',
      rotated.oldRetireAt ? `The old token(s) stop working at ${rotated.oldRetireAt.toISOString()}.` : 'No old token was still working.',
      ...policyLines(ouPolicyFor(rotated, rotated.token, base, proofClientOf(config))),
    ];
    console.log(lines.join('\n'));
    return 0;
  });
}

export async function retireTokenCommand(args: readonly string[]): Promise<number> {
  const label = args[0];
  if (!label) {
    console.error(`usage: ${TOKENS_USAGE}`);
    return 2;
  }
  return withTokens(async (_config, store, book) => {
    const retired = await retireNow(book, store.tokens, label, operator(), new Date());
    console.log(`Retired ${retired} old token${retired === 1 ? '' : 's'} of "${label}" now: devices still using ${retired === 1 ? 'it' : 'them'} get 401 (token retired).`);
    return 0;
  });
}
