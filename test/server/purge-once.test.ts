/**
 * Every endpoint process schedules the daily retention purge; two (here two stores on one database, as two
 * processes open it: two connections to one SQLite file, two pools on PostgreSQL) starting together purge
 * once: one runs, the other skips rather than waits. A run that ends (or fails) frees the job for the next.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredAlone } from '../../server/src/retention/purge';
import { openStore } from '../../server/src/store/open-store';
import type { Store } from '../../server/src/store/store';
import { startTestServer, type TestServer } from './harness/server';

let server: TestServer;
let first: Store;
let second: Store;

beforeAll(async () => {
  server = await startTestServer();
  await server.startupPurge;
  [first, second] = await Promise.all([openStore(server.config), openStore(server.config)]);
});

afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
  await server.close();
});

/** A job that stays running until `finish` is called, so the second store's try overlaps it for certain. */
function heldJob() {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  return { work: async () => (started(), await finished, 'done'), running, finish };
}

describe('a job run alone across stores on one database', () => {
  it('runs in one store and is skipped by the other while it runs, then runs again once ended', async () => {
    const held = heldJob();
    const firstRun = first.jobs.runAlone('test job', held.work);
    await held.running;
    let secondRan = false;
    expect(await second.jobs.runAlone('test job', async () => (secondRan = true))).toEqual({ ran: false });
    expect(secondRan).toBe(false);
    // Another job's name is not held.
    expect(await second.jobs.runAlone('another job', async () => 'other')).toEqual({ ran: true, result: 'other' });
    held.finish();
    expect(await firstRun).toEqual({ ran: true, result: 'done' });
    expect(await second.jobs.runAlone('test job', async () => 'again')).toEqual({ ran: true, result: 'again' });
  });

  it('frees the job when the run throws', async () => {
    await expect(first.jobs.runAlone('failing job', async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(await second.jobs.runAlone('failing job', async () => 'after')).toEqual({ ran: true, result: 'after' });
  });

  it('purges once when two stores start the retention purge together', async () => {
    const now = new Date('2026-03-02T09:00:00.000Z');
    // Each store's purge holds until one of the two calls has answered (or 3 s, so a double run fails rather than hangs):
    // the two runs overlap for certain, however quickly an empty database purges.
    let oneAnswered!: () => void;
    const firstAnswer = new Promise<void>((resolve) => (oneAnswered = resolve));
    const held = (store: Store): Store => ({
      ...store,
      privacy: {
        ...store.privacy,
        purgeOlderThan: async (...args) => {
          await Promise.race([firstAnswer, new Promise((resolve) => setTimeout(resolve, 3000))]);
          return store.privacy.purgeOlderThan(...args);
        },
      },
    });
    const a = purgeExpiredAlone(held(first), 30, now);
    const b = purgeExpiredAlone(held(second), 30, now);
    void Promise.race([a, b]).then(oneAnswered);
    const [answerA, answerB] = await Promise.all([a, b]);
    expect([answerA.ran, answerB.ran].sort()).toEqual([false, true]);
    expect(answerA.ran ? answerA : answerB).toMatchObject({ ran: true, result: { events: 0 } });
  });
});
