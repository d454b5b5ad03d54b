/**
 * IT admins' policy tool.
 *   npm run policy -- check FILE          validate Admin console JSON (wrapped or plain form)
 *   npm run policy -- example ROLE [YEAR] ready-to-paste JSON (role pupil|staff, year R, Y1..Y13)
 *   npm run policy -- schema [--write]    print (or write) public/managed_schema.json
 * Exit codes: 0 valid, 1 problems found, 2 usage or unreadable file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { wrapForAdminConsole } from '../src/policy/admin-console';
import { checkPolicyText } from '../src/policy/check';
import { chromeManagedSchema } from '../src/policy/chrome-schema';
import { examplePolicy } from '../src/policy/example';
import { ROLES, type Role } from '../src/policy/schema';
import { isYearGroup } from '../src/policy/year-groups';

export const SCHEMA_PATH = join(import.meta.dirname, '..', 'public', 'managed_schema.json');

function usage(): never {
  console.error('usage: npm run policy -- check FILE... | example pupil|staff [R|Y1..Y13] [--plain] | schema [--write]');
  process.exit(2);
}

function main(args: string[]): number {
  const [command, ...rest] = args;
  if (command === 'check') {
    if (rest.length === 0) usage();
    let ok = true;
    for (const file of rest) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        console.error(`${file}: cannot read: ${(error as Error).message}`);
        return 2;
      }
      const result = checkPolicyText(text, file);
      for (const line of result.lines) console.log(line);
      ok &&= result.ok;
    }
    return ok ? 0 : 1;
  }
  if (command === 'example') {
    const [role, year] = rest.filter((a) => !a.startsWith('--'));
    if (!role || !(ROLES as readonly string[]).includes(role)) usage();
    if (year !== undefined && !isYearGroup(year)) usage();
    const policy = examplePolicy({ role: role as Role, ...(year ? { yearGroup: year } : {}) });
    console.log(JSON.stringify(rest.includes('--plain') ? policy : wrapForAdminConsole(policy), null, 2));
    return 0;
  }
  if (command === 'schema') {
    const text = `${JSON.stringify(chromeManagedSchema(), null, 2)}\n`;
    if (rest.includes('--write')) writeFileSync(SCHEMA_PATH, text);
    else process.stdout.write(text);
    return 0;
  }
  usage();
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  process.exit(main(process.argv.slice(2)));
}
