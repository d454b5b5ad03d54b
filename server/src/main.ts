/**
 * The school endpoint's command line.
 *   npm run server                      start (first run: writes server/config.json)
 *   npm run server -- hash-password     read a password on stdin, print its hash for dashboardUsers
 *   npm run server -- backup FILE       a consistent copy of the database, safe while running
 *   npm run server -- unlock-sign-in    forget every failed dashboard sign-in (a locked-out IT Lead's break glass)
 *   npm run server -- tokens            list the token labels, issued and retiring tokens, and the rotation trail
 *   npm run server -- rotate-token LABEL [--grace-days N]   a new token for LABEL; the old one retires after N days (7)
 *   npm run server -- retire-token LABEL                    end LABEL's grace period now (a leaked token)
 *   npm run server -- move-to-postgres [--from FILE] [--to-url-file FILE | --to-url-env NAME]   copy the SQLite records into PostgreSQL
 *   npm run server -- rename-school FROM TO                 every record of school FROM becomes TO's (a school joining a trust)
 */
import { backupCommand } from './cli/backup';
import { hashPasswordCommand } from './cli/hash-password';
import { MOVE_USAGE, moveToPostgresCommand } from './cli/move-to-postgres';
import { startCommand } from './cli/start';
import { retireTokenCommand, rotateTokenCommand, tokensCommand } from './cli/tokens';
import { unlockSignInCommand } from './cli/unlock-sign-in';
import { renameSchoolCommand } from './cli/rename-school';
import { ConfigError } from './config/load';

async function main(args: string[]): Promise<number | null> {
  const [command, ...rest] = args;
  switch (command) {
    case undefined:
    case 'start':
      await startCommand();
      return null;
    case 'hash-password':
      return hashPasswordCommand();
    case 'backup':
      return backupCommand(rest[0]);
    case 'unlock-sign-in':
      return unlockSignInCommand();
    case 'tokens':
      return tokensCommand();
    case 'rotate-token':
      return rotateTokenCommand(rest);
    case 'retire-token':
      return retireTokenCommand(rest);
    case 'move-to-postgres':
      return moveToPostgresCommand(rest);
    case 'rename-school':
      return renameSchoolCommand(rest);
    default:
      console.error(`usage: npm run server [-- start | hash-password | backup FILE | unlock-sign-in | tokens | rotate-token LABEL [--grace-days N] | retire-token LABEL | rename-school FROM TO | ${MOVE_USAGE.replace('npm run server -- ', '')}]`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== null) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
