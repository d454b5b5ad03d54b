/**
 * PostgreSQL only (the server project leaves out *.postgres.test.ts): PostgreSQL plans by its table statistics, so
 * its plans for the log's searches are checked on a few thousand rows of the usual mix, analysed, where SQLite's
 * planner is checked in query-plans.sqlite.test.ts. Migration 13's partial index must be one the planner can use
 * (PostgreSQL proves its condition from the type the query names; SQLite needs the query to repeat it: RARE_TYPES).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../server/src/store/postgres/db';
import { countStatement, searchStatement } from '../../server/src/store/sqlite/event-store';
import type { EventFilter, EventQuery, Receipt } from '../../server/src/store/store';
import { blockEvent, heartbeatEvent, navigationEvent, policyEvent, searchEvent } from './harness/fixtures';
import { queryRows } from './harness/postgres';
import { startTestServer, type TestServer } from './harness/server';

const NOW = new Date('2026-07-15T10:00:00.000Z');
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ start: NOW });
  // A day of uploads: mostly navigations, searches and heartbeats; a few blocks; a policy event now and then.
  for (let batch = 0; batch < 40; batch++) {
    const who = { user: `pupil${batch}@school.example`, device: { directoryId: `dir-${batch}`, serialNumber: `SN${batch}`, assetId: '' } };
    const events = Array.from({ length: 100 }, (_, index) =>
      index % 20 === 0 ? blockEvent({ ...who, category: 'adult', host: 'x.example' }) : index % 5 === 0 ? searchEvent('volcanoes', who) : index % 7 === 0 ? heartbeatEvent(who) : navigationEvent(`site${index}.example`, who),
    );
    if (batch % 10 === 0) events.push(policyEvent('a'.repeat(64), who));
    const receipt: Receipt = { receivedAt: new Date(NOW.getTime() - (40 - batch) * 20 * 60_000), clientIp: '10.0.0.1', tokenLabel: 'pupils', tokenScope: 'device' };
    await server.store.events.insert(events, receipt);
  }
  await queryRows(server.dataDir, 'ANALYZE events');
});

afterAll(async () => {
  await server.close();
});

async function plan(query: EventQuery | EventFilter, statement: typeof searchStatement | typeof countStatement): Promise<string> {
  const { sql, params } = statement(query as EventQuery);
  const { text, names } = compile(sql);
  const rows = await queryRows<{ 'QUERY PLAN': string }>(server.dataDir, `EXPLAIN ${text}`, names.map((name) => params[name]));
  return rows.map((row) => row['QUERY PLAN'].trim()).join('; ');
}

describe('the log’s searches on PostgreSQL read the events indexes made for them (migration 13)', () => {
  it('finds a page of a rare type in events_rare_by_type, in the log’s order with no sort', async () => {
    const found = await plan({ types: ['policy'], limit: 50 }, searchStatement);
    expect(found).toMatch(/Index Scan Backward using events_rare_by_type on events/);
    expect(found).not.toMatch(/Sort/);
  });

  it('counts the alerts’ blocks of a category from an index alone, never the table', async () => {
    const found = await plan({ types: ['block'], categories: ['adult'], receivedFrom: new Date(NOW.getTime() - 7 * 86_400_000) }, countStatement);
    expect(found).toMatch(/Index Only Scan using events_(stops_by_received|rare_by_type) on events/);
    expect(found).not.toMatch(/Seq Scan/);
  });

  it('finds a page of a common type in receive order', async () => {
    expect(await plan({ types: ['navigation'], limit: 50 }, searchStatement)).toMatch(/Index Scan Backward using events_by_received on events/);
  });
});
