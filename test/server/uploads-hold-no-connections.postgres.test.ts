/**
 * PostgreSQL only (the server project leaves out *.postgres.test.ts): every upload counts its token's write
 * window in one row, so under many uploads at once those counts wait on one another in the database. Each
 * waiting count used to hold a pooled connection; with more uploads waiting than the pool holds, a pupil's
 * device asking for its allowlists waited behind them for a connection (the ingest benchmark: `GET
 * /v1/overrides` p95 over 800 ms at 64 posting clients). Counts now wait their turn in memory (slots.ts), so
 * the device is answered while the uploads still wait.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { navigationEvent } from './harness/fixtures';
import { databaseNameFor, urlOf } from './harness/postgres';
import { bearer, DEVICE_TOKEN, jsonPost, startTestServer, type TestServer } from './harness/server';

let server: TestServer;
let pupils = 0;

function batchFromNewPupil(count: number) {
  pupils += 1;
  const who = { user: `waiting.pupil${pupils}@school.example`, device: { directoryId: `waiting-dir-${pupils}`, serialNumber: '', assetId: '' } };
  return Array.from({ length: count }, (_, index) => navigationEvent(`site${index}.example`, who));
}

const post = (events: unknown[]) => server.fetch(API_PATHS.events, jsonPost(DEVICE_TOKEN, { events }));

beforeAll(async () => {
  server = await startTestServer({ realClock: true });
});

afterAll(async () => {
  await server.close();
});

describe('uploads waiting on their write-limit counts', () => {
  it('hold no pooled connection while they wait: a device is answered its allowlists meanwhile, and every upload is stored after', async () => {
    // The token's window row exists once one upload has been counted.
    expect((await post(batchFromNewPupil(3))).status).toBe(200);
    const holder = new pg.Client({ connectionString: urlOf(databaseNameFor(server.dataDir)) });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      // Every window row locked, as a long count of another process's would: each upload's count waits on its token's row.
      await holder.query('SELECT key FROM write_windows FOR UPDATE');
      // More uploads waiting than a process's pool holds connections (20).
      const uploads = Array.from({ length: 30 }, () => post(batchFromNewPupil(5)));
      await new Promise((resolve) => setTimeout(resolve, 500));

      const asked = await server.fetch(`${API_PATHS.overrides}?user=waiting.pupil1%40school.example&yearGroup=Y9`, { headers: bearer(DEVICE_TOKEN), signal: AbortSignal.timeout(5_000) });
      expect(asked.status).toBe(200);
      expect(await asked.json()).toEqual(expect.objectContaining({ overrides: [] }));

      await holder.query('ROLLBACK');
      const answered = await Promise.all(uploads);
      expect(answered.map((reply) => reply.status)).toEqual(new Array(30).fill(200));
      const stored = await server.rows<{ n: number }>("SELECT COUNT(*) AS n FROM events WHERE \"user\" LIKE 'waiting.pupil%'");
      expect(Number(stored[0]!.n)).toBe(3 + 30 * 5);
    } finally {
      await holder.end();
    }
  });
});
