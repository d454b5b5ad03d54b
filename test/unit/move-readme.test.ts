/** The server README's account of moving to PostgreSQL gives the batch and progress sizes the code has, so the two cannot drift. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MOVE_USAGE, PROGRESS_EVERY_ROWS } from '../../server/src/cli/move-to-postgres';
import { DEFAULT_BATCH_ROWS } from '../../server/src/store/move/move';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'server', 'README.md'), 'utf8');
const section = README.slice(README.indexOf('## Moving from SQLite to PostgreSQL'), README.indexOf('## Several endpoint processes'));
const n = (value: number) => value.toLocaleString('en-GB');

describe('server README: moving from SQLite to PostgreSQL', () => {
  it('is there, after "Storage engine"', () => {
    expect(section.length).toBeGreaterThan(1000);
  });

  it('gives the batch size and progress interval the code has', () => {
    expect(section).toContain(`${n(DEFAULT_BATCH_ROWS)} rows at a time`);
    expect(section).toContain(`progress every ${n(PROGRESS_EVERY_ROWS)} rows`);
  });

  it('names each flag the command takes', () => {
    for (const flag of MOVE_USAGE.match(/--[a-z-]+/g)!) expect(section).toContain(flag);
  });
});
