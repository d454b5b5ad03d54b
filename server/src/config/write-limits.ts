/**
 * The `writeLimits` key: how much one token and one account may write (events, reports and their follow-ups,
 * allowlists opened and ended) in a fixed window, counted in the database (limits/write-limits.ts).
 *
 * Sizes. A pupils' OU shares one token, so a token's limit is a whole OU's traffic: the events benchmark's
 * heavy pupil (bench/README.md, (c): a page every 2 s, 1.17 events a page) sends about 0.6 events a second, and 5,000 such pupils on one token send 3,000 a second, 900,000
 * in five minutes; the default is above that. An account is one person: 3,000 events in five minutes is ten a
 * second, over sixteen times the heavy pupil, and still lets a device that was offline for a morning catch up
 * (refused batches stay queued and come back after Retry-After). Reports: a whole school sends a few an hour;
 * one pupil may send a report and add to it a few times. Allowlists: a staff token is shared by every teacher.
 * Windows are five minutes, the extension's report backoff cap, so a device's retry lands when the window has
 * reset (test/unit/report-outbox.test.ts checks the report limits against that cap).
 */
import { z } from 'zod';
import { MAX_BATCH_EVENTS } from '../../../src/events/wire';

export const WRITE_KINDS = ['events', 'reports', 'allowlists'] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];
export type WriteLimiter = 'token' | 'account';

export interface WriteLimit {
  max: number;
  windowMinutes: number;
}

export const DEFAULT_WRITE_LIMITS: Record<WriteKind, Record<WriteLimiter, WriteLimit>> = {
  events: { token: { max: 1_000_000, windowMinutes: 5 }, account: { max: 3_000, windowMinutes: 5 } },
  reports: { token: { max: 2_000, windowMinutes: 5 }, account: { max: 30, windowMinutes: 5 } },
  allowlists: { token: { max: 1_000, windowMinutes: 5 }, account: { max: 30, windowMinutes: 5 } },
};

/** What one thing is for each kind, in the error words. */
export const WRITE_UNITS: Record<WriteKind, string> = { events: 'events', reports: 'reports and follow-ups', allowlists: 'allowlist changes' };

const limitSchema = (fallback: WriteLimit, least: number) =>
  z
    .strictObject({
      max: z.int('max is a whole number').min(least, least > 1 ? `max must be at least ${least}: one batch from a device can hold that many, and a smaller limit would refuse it forever` : 'max must be at least 1'),
      windowMinutes: z.int('windowMinutes is a whole number of minutes').min(1, 'windowMinutes must be at least 1').max(24 * 60, 'windowMinutes can be at most 1440 (a day)'),
    })
    .partial()
    .transform((given): WriteLimit => ({ ...fallback, ...given }))
    .prefault({});

const kindSchema = (kind: WriteKind) => {
  const least = kind === 'events' ? MAX_BATCH_EVENTS : 1;
  return z
    .strictObject({ token: limitSchema(DEFAULT_WRITE_LIMITS[kind].token, least), account: limitSchema(DEFAULT_WRITE_LIMITS[kind].account, least) })
    .prefault({});
};

export const writeLimitsSchema = z
  .strictObject({ events: kindSchema('events'), reports: kindSchema('reports'), allowlists: kindSchema('allowlists') })
  .prefault({});

export type WriteLimits = z.output<typeof writeLimitsSchema>;
