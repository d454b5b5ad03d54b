/**
 * The `ingest` key: how event batches are written (store/group-commit.ts). Batches that arrive while a write
 * is under way wait and go together into the next transaction (one commit, and on SQLite one pass over the
 * indexes' pages, for many requests); the bench's in-process what-ifs measured 16 batches a transaction at
 * -34% of the insert's cost (bench/README.md, "Endpoint ingest").
 */
import { z } from 'zod';
import { MAX_BATCH_EVENTS } from '../../../src/events/wire';

/**
 * 16 full batches a group: the size the bench measured. A bigger group holds SQLite's write lock longer (the
 * main connection's own rare writes wait that long) and, failing, sends more devices back to retry.
 */
export const DEFAULT_MAX_GROUP_EVENTS = 16 * MAX_BATCH_EVENTS;
/**
 * 128 full batches waiting (~100 MB of parsed events at most): past that the endpoint is behind by seconds
 * of writing, and a device told 503 keeps its queue and comes back, where a longer queue would only grow.
 */
export const DEFAULT_MAX_QUEUED_EVENTS = 128 * MAX_BATCH_EVENTS;

export const ingestSchema = z
  .strictObject({
    /** At most this many events in one transaction (whole batches: a batch is never split). */
    maxGroupEvents: z.int().min(MAX_BATCH_EVENTS).default(DEFAULT_MAX_GROUP_EVENTS),
    /** At most this many events waiting for a write; one more batch is answered 503 with Retry-After. */
    maxQueuedEvents: z.int().min(MAX_BATCH_EVENTS).default(DEFAULT_MAX_QUEUED_EVENTS),
  })
  .prefault({});

export type IngestSettings = z.output<typeof ingestSchema>;
