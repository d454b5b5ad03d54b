import { describe, expect, it } from 'vitest';
import { afterFailure, BACKOFF, backoffDelay, NO_BACKOFF, parseRetryAfter } from '../../src/events/backoff';
import { addDropped, eventBytes, isEvictable, overBounds } from '../../src/events/bounds';
import { captureCommit } from '../../src/events/capture';
import { eventSchema, PROTECTED_EVENT_TYPES } from '../../src/events/model';
import { searchTermOf } from '../../src/events/search-terms';
import { batchOutcome, eventBatchSchema, MAX_BATCH_EVENTS, outcomeOf } from '../../src/events/wire';
import { TEST_ENVELOPE, TEST_EXTENSION_ID } from './fixtures/envelope';

const ext = TEST_EXTENSION_ID;
const envelope = TEST_ENVELOPE;

describe('event model', () => {
  it('gives every DfE field a home: device, user, time, and the search term or content blocked', () => {
    const search = eventSchema.parse({ ...envelope, type: 'search', engine: 'google', query: 'how to revise', host: 'www.google.com' });
    const block = eventSchema.parse({ ...envelope, type: 'block', category: 'adult', host: 'www.pornhub.com' });
    for (const event of [search, block]) {
      expect(event).toMatchObject({ user: envelope.user, time: envelope.time, device: envelope.device });
    }
    expect(search).toMatchObject({ query: 'how to revise' });
    expect(block).toMatchObject({ category: 'adult', host: 'www.pornhub.com' });
  });

  it('rejects events without the envelope or with an unknown type, category or id', () => {
    expect(eventSchema.safeParse({ type: 'navigation', host: 'a.example' }).success).toBe(false);
    expect(eventSchema.safeParse({ ...envelope, type: 'teleport' }).success).toBe(false);
    expect(eventSchema.safeParse({ ...envelope, type: 'block', category: 'nonsense', host: 'a' }).success).toBe(false);
    expect(eventSchema.safeParse({ ...envelope, id: 'not-a-uuid', type: 'navigation', host: 'a' }).success).toBe(false);
  });

  it('caps a batch by count', () => {
    const event = { ...envelope, type: 'navigation', host: 'a.example' };
    expect(eventBatchSchema.safeParse({ events: [] }).success).toBe(false);
    expect(eventBatchSchema.safeParse({ events: Array(MAX_BATCH_EVENTS + 1).fill(event) }).success).toBe(false);
    expect(eventBatchSchema.safeParse({ events: [event] }).success).toBe(true);
  });

  it('maps status codes to what the uploader does', () => {
    expect([200, 201, 204].map(outcomeOf)).toEqual(['delivered', 'delivered', 'delivered']);
    expect([408, 429, 500, 502, 503].map(outcomeOf)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry']);
    expect([400, 401, 403, 404, 413, 415, 422].map(outcomeOf)).toEqual(Array(7).fill('quarantine'));
  });

  it('keeps a batch refused for its token queued: the policy, not the events, needs putting right', () => {
    expect(batchOutcome(401, '{"error":"this token was retired at 2026-03-09T09:00:00.000Z"}', 5)).toMatchObject({ outcome: 'retry' });
    expect(batchOutcome(401, '{"error":"unknown token"}', 5)).toMatchObject({ outcome: 'retry', error: 'HTTP 401: {"error":"unknown token"}' });
    expect(batchOutcome(403, '{"error":"a device token may not events write"}', 5)).toMatchObject({ outcome: 'quarantine' });
  });

  it('counts a 2xx as delivered only with a receipt for the whole batch', () => {
    expect(batchOutcome(200, '{"accepted":3,"duplicates":2}', 5)).toEqual({ outcome: 'delivered' });
    // A captive portal or a wrong URL answering 200 with a page: keep the batch and retry.
    expect(batchOutcome(200, '<!doctype html><title>Sign in to Wi-Fi</title>', 5)).toMatchObject({ outcome: 'retry', error: expect.stringContaining('captive portal') });
    expect(batchOutcome(200, '{"ok":true}', 5)).toMatchObject({ outcome: 'retry' });
    expect(batchOutcome(204, '', 5)).toMatchObject({ outcome: 'retry' });
    expect(batchOutcome(200, '{"accepted":4,"duplicates":0}', 5)).toMatchObject({ outcome: 'retry', error: 'the endpoint acknowledged 4 of 5 events' });
    expect(batchOutcome(413, '{"error":"too large"}', 5)).toEqual({ outcome: 'quarantine', error: 'HTTP 413: {"error":"too large"}' });
    expect(batchOutcome(503, '', 5)).toEqual({ outcome: 'retry', error: 'HTTP 503' });
  });
});

describe('queue bounds', () => {
  it('never marks blocks, warnings, reports, overrides or policy events as evictable', () => {
    for (const type of PROTECTED_EVENT_TYPES) expect(isEvictable(type)).toBe(false);
    expect(isEvictable('navigation')).toBe(true);
    expect(isEvictable('search')).toBe(true);
  });

  it('is over bounds by count or by bytes', () => {
    expect(overBounds({ count: 9, bytes: 0 }, 10, { maxEvents: 10, maxBytes: 100 })).toBe(false);
    expect(overBounds({ count: 10, bytes: 0 }, 10, { maxEvents: 10, maxBytes: 100 })).toBe(true);
    expect(overBounds({ count: 1, bytes: 95 }, 10, { maxEvents: 10, maxBytes: 100 })).toBe(true);
  });

  it('measures events in UTF-8 bytes', () => {
    const ascii = eventBytes({ ...envelope, type: 'search', engine: 'google', query: 'a', host: 'h' });
    const accented = eventBytes({ ...envelope, type: 'search', engine: 'google', query: 'é', host: 'h' });
    expect(accented - ascii).toBe(1);
  });

  it('summarises what was dropped by type and time span', () => {
    let summary = addDropped(undefined, { type: 'navigation', time: '2026-11-23T10:00:00.000Z' });
    summary = addDropped(summary, { type: 'search', time: '2026-11-23T09:00:00.000Z' });
    summary = addDropped(summary, { type: 'navigation', time: '2026-11-23T11:00:00.000Z' });
    expect(summary).toEqual({ count: 3, byType: { navigation: 2, search: 1 }, oldest: '2026-11-23T09:00:00.000Z', newest: '2026-11-23T11:00:00.000Z' });
  });
});

describe('backoff', () => {
  it('doubles from the base to the cap, with jitter inside [half, whole]', () => {
    expect(backoffDelay(1, 0)).toBe(BACKOFF.baseMs / 2);
    expect(backoffDelay(1, 1)).toBe(BACKOFF.baseMs);
    expect(backoffDelay(2, 1)).toBe(BACKOFF.baseMs * 2);
    expect(backoffDelay(4, 1)).toBe(BACKOFF.baseMs * 8);
    expect(backoffDelay(40, 1)).toBe(BACKOFF.capMs);
    expect(backoffDelay(40, 0)).toBe(BACKOFF.capMs / 2);
  });

  it('counts failures, honours a longer Retry-After, and never waits past the cap', () => {
    const now = 1_000_000;
    const first = afterFailure(NO_BACKOFF, now, 1);
    expect(first).toEqual({ failures: 1, nextAttemptAt: now + BACKOFF.baseMs });
    expect(afterFailure(first, now, 1, 120_000).nextAttemptAt).toBe(now + 120_000);
    expect(afterFailure(first, now, 1, 10 * 60 * 60_000).nextAttemptAt).toBe(now + BACKOFF.capMs);
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(new Date(now + 5_000).toUTCString(), now)).toBeGreaterThan(3_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('capture', () => {
  it('finds the search term on the engines pupils use', () => {
    expect(searchTermOf('https://www.google.co.uk/search?q=volcano+facts&safe=active')).toEqual({ engine: 'google', query: 'volcano facts' });
    expect(searchTermOf('https://www.bing.com/search?q=cats&adlt=strict')).toEqual({ engine: 'bing', query: 'cats' });
    expect(searchTermOf('https://duckduckgo.com/?q=dogs&kp=1')).toEqual({ engine: 'duckduckgo', query: 'dogs' });
    expect(searchTermOf('https://www.youtube.com/results?search_query=minecraft')).toEqual({ engine: 'youtube', query: 'minecraft' });
    expect(searchTermOf('https://www.google.com/maps?q=london')).toBeUndefined();
    expect(searchTermOf('https://notgoogle.com/search?q=x')).toBeUndefined();
  });

  it('logs the host only, unless the policy asks for full URLs, and nothing when logging is off', () => {
    expect(captureCommit('https://www.bbc.co.uk/bitesize?x=1', ext, 'domain')).toEqual([{ type: 'navigation', host: 'www.bbc.co.uk' }]);
    expect(captureCommit('https://www.bbc.co.uk/bitesize?x=1', ext, 'full')).toEqual([{ type: 'navigation', host: 'www.bbc.co.uk', url: 'https://www.bbc.co.uk/bitesize?x=1' }]);
    expect(captureCommit('https://www.bbc.co.uk/', ext, 'off')).toEqual([]);
    expect(captureCommit('https://www.google.com/search?q=x', ext, 'domain').map((e) => e.type)).toEqual(['navigation', 'search']);
  });

  it('turns our block and warn pages into block and warn events, even with logging off', () => {
    const block = `chrome-extension://${ext}/src/pages/blocked.html?category=adult#https://www.pornhub.com/x`;
    expect(captureCommit(block, ext, 'off')).toEqual([{ type: 'block', category: 'adult', host: 'www.pornhub.com' }]);
    expect(captureCommit(block, ext, 'full')).toEqual([{ type: 'block', category: 'adult', host: 'www.pornhub.com', url: 'https://www.pornhub.com/x' }]);
    const warn = `chrome-extension://${ext}/src/pages/warn.html?category=ai#https://claude.ai/`;
    expect(captureCommit(warn, ext, 'domain')).toEqual([{ type: 'warn', category: 'ai', host: 'claude.ai' }]);
    expect(captureCommit(`chrome-extension://${ext}/src/pages/blocked.html?category=school#https://en.wikipedia.org/`, ext, 'domain')[0]).toMatchObject({ category: 'school' });
  });

  it('never records an illegal-feed address, not even its host, and ignores other pages', () => {
    // What the illegal rules send (no address), and a page that somehow carried one: the same event.
    const illegal = `chrome-extension://${ext}/src/pages/blocked.html?category=illegal`;
    expect(captureCommit(illegal, ext, 'full')).toEqual([{ type: 'block', category: 'illegal', host: '' }]);
    expect(captureCommit(`${illegal}#https://bad.example/p`, ext, 'full')).toEqual([{ type: 'block', category: 'illegal', host: '' }]);
    expect(captureCommit(`chrome-extension://${ext}/src/pages/status.html`, ext, 'full')).toEqual([]);
    expect(captureCommit('chrome://settings', ext, 'full')).toEqual([]);
    expect(captureCommit(`chrome-extension://${ext}/src/pages/blocked.html?category=<script>#x`, ext, 'full')).toEqual([]);
  });
});
