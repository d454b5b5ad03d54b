/**
 * An illegal-feed address is never stored, whatever a device sends: the
 * extension never captures one (its rules give the block page none), and the
 * endpoint applies the same rule to what arrives, so an old or forged client
 * cannot put a copy of a feed entry into the log, a report or the dashboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_CSV_HEADER, eventCsvCells } from '../../server/src/csv/event-columns';
import { API_PATHS } from '../../src/events/wire';
import { blockEvent, report } from './harness/fixtures';
import { DEVICE_TOKEN, jsonPost, startTestServer, type TestServer } from './harness/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const FEED_HOST = 'feed-entry.example';
const FEED_URL = `https://${FEED_HOST}/path/on/the/list`;

describe('illegal-feed addresses at the endpoint', () => {
  it('stores an illegal block with no host or URL, and other blocks as sent', async () => {
    const illegal = blockEvent({ category: 'illegal', host: FEED_HOST, url: FEED_URL });
    const adult = blockEvent({ category: 'adult', host: 'adult.example', url: 'https://adult.example/x' });
    expect((await server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events: [illegal, adult] }))).status).toBe(200);
    const rows = await server.store.events.search({ types: ['block'], limit: 10 });
    const stored = (id: string) => rows.find((row) => row.event.id === id)!.event as { host: string; url?: string };
    expect(stored(illegal.id).host).toBe('');
    expect(stored(illegal.id).url).toBeUndefined();
    expect(stored(adult.id)).toMatchObject({ host: 'adult.example', url: 'https://adult.example/x' });
    // The log says why the host is empty, in the dashboard's table and the CSV alike.
    const cells = eventCsvCells(rows.find((row) => row.event.id === illegal.id)!);
    expect(cells[EVENT_CSV_HEADER.indexOf('detail')]).toBe('address not recorded: illegal-feed entries never are');
    // Nowhere in what is held about the pupil.
    expect(JSON.stringify(await server.store.privacy.subjectAccess(illegal.user, new Date()))).not.toContain(FEED_HOST);
  });

  it('stores a report from an illegal stop with no address or title', async () => {
    const sent = report({ category: 'illegal', url: FEED_URL, title: 'a title naming the page', reason: 'should-not-be-blocked' });
    expect((await server.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, sent))).status).toBe(201);
    const stored = await server.store.reports.get(sent.id);
    expect(stored).toMatchObject({ url: '', title: '', category: 'illegal', reason: 'should-not-be-blocked' });
  });
});
