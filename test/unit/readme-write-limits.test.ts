/** The server README's `writeLimits` defaults are the code's (config/write-limits.ts), so the table cannot drift. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WRITE_LIMITS } from '../../server/src/config/write-limits';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'server', 'README.md'), 'utf8');
const n = (value: number) => value.toLocaleString('en-GB');

describe('server README: writeLimits', () => {
  it('gives the defaults the code has', () => {
    const row = README.split('\n').find((line) => line.startsWith('| `writeLimits` |'));
    const { events, reports, allowlists } = DEFAULT_WRITE_LIMITS;
    // Every default window is the same, so the row names it once.
    expect(new Set([events, reports, allowlists].flatMap((kind) => [kind.token.windowMinutes, kind.account.windowMinutes]))).toEqual(new Set([5]));
    expect(row).toContain(
      `events: token ${n(events.token.max)} and account ${n(events.account.max)} per 5 minutes; reports: ${n(reports.token.max)} and ${n(reports.account.max)}; allowlists: ${n(allowlists.token.max)} and ${n(allowlists.account.max)} |`,
    );
  });
});
