/** The server README's `ingest` defaults are the code's (config/ingest.ts), so the table cannot drift. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_GROUP_EVENTS, DEFAULT_MAX_QUEUED_EVENTS, ingestSchema } from '../../server/src/config/ingest';
import { QUEUE_FULL_RETRY_SECONDS } from '../../server/src/store/group-commit';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'server', 'README.md'), 'utf8');
const n = (value: number) => value.toLocaleString('en-GB');

describe('server README: ingest', () => {
  it('gives the defaults the code has', () => {
    const row = README.split('\n').find((line) => line.startsWith('| `ingest` |'));
    expect(ingestSchema.parse(undefined)).toEqual({ maxGroupEvents: DEFAULT_MAX_GROUP_EVENTS, maxQueuedEvents: DEFAULT_MAX_QUEUED_EVENTS });
    expect(row).toMatch(new RegExp(`\\| ${n(DEFAULT_MAX_GROUP_EVENTS)} and ${n(DEFAULT_MAX_QUEUED_EVENTS)} \\|$`));
  });

  it('names the Retry-After a full queue answers with', () => {
    expect(README).toContain(`answered \`503\` with \`Retry-After: ${QUEUE_FULL_RETRY_SECONDS}\``);
  });
});
