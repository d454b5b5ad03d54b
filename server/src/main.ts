/**
 * The school endpoint's command line.
 *   npm run server                      start (first run: writes server/config.json)
 *   npm run server -- hash-password     read a password on stdin, print its hash for dashboardUsers
 *   npm run server -- backup FILE       a consistent copy of the database, safe while running
 *   npm run server -- unlock-sign-in    forget every failed dashboard sign-in (a locked-out IT Lead's break glass)
 */
import { backupCommand } from './cli/backup';
import { hashPasswordCommand } from './cli/hash-password';
import { startCommand } from './cli/start';
import { unlockSignInCommand } from './cli/unlock-sign-in';
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
    default:
      console.error('usage: npm run server [-- start | hash-password | backup FILE | unlock-sign-in]');
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
