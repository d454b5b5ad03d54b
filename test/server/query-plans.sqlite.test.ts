/**
 * SQLite only (the server-postgres project leaves out *.sqlite.test.ts): the plans SQLite's own planner
 * makes for the overview's and the classified sites' counts, on the indexes their statements name
 * (INDEXED BY, a SQLite clause). PostgreSQL plans by its table statistics, so on a test's few rows it
 * rightly reads the table; its counts' answers are checked by overview.test.ts and classified-sites.test.ts,
 * which run on both engines (event-indexes.postgres.test.ts checks PostgreSQL's plans for the log on rows it has statistics for).
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSIFIED_SITES_SQL } from '../../server/src/store/sqlite/classified-sites';
import { EVENT_COUNT_SQL } from '../../server/src/store/sqlite/event-counts';
import { countStatement, searchStatement } from '../../server/src/store/sqlite/event-store';
import type { EventFilter, EventQuery } from '../../server/src/store/store';
import { databasePath } from '../../server/src/store/sqlite/open';
import { REPORT_COUNT_SQL } from '../../server/src/store/sqlite/report-store';
import { startTestServer, type TestServer } from './harness/server';

const NOW = new Date('2026-07-15T10:00:00.000Z');
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ start: NOW, config: { database: { engine: 'sqlite' } } });
});

afterAll(async () => {
  await server.close();
});

describe('the overview’s counts are the database’s, off an index', () => {
  /** Each statement's plan, asked of SQLite on the test server's own file. */
  function plans(sqls: Record<string, string>): Record<string, string> {
    const db = new Database(databasePath(server.dataDir), { readonly: true, fileMustExist: true });
    try {
      const params = { from: NOW.toISOString(), to: NOW.toISOString(), limit: 10, windows: '[]' };
      return Object.fromEntries(
        Object.entries(sqls).map(([name, sql]) => {
          const used = Object.fromEntries(Object.entries(params).filter(([key]) => sql.includes(`@${key}`)));
          const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(used) as { detail: string }[];
          return [name, rows.map((row) => row.detail).join('; ')];
        }),
      );
    } finally {
      db.close();
    }
  }

  it('reads blocks and warnings from one range of receive time in events_stops_by_received, never the whole table', () => {
    for (const [name, plan] of Object.entries(plans(EVENT_COUNT_SQL))) {
      expect(plan, name).toMatch(/SEARCH e(vents)? USING (COVERING )?INDEX events_stops_by_received \(received_at>\? AND received_at<\?\)/);
      expect(plan, name).not.toMatch(/SCAN e(vents)?\b/);
    }
  });

  it('reads reports per day from reports_by_received and open reports from the queue’s index', () => {
    const found = plans(REPORT_COUNT_SQL);
    expect(found.receivedPerWindow).toMatch(/SEARCH r USING COVERING INDEX reports_by_received \(received_at>\? AND received_at<\?\)/);
    expect(found.openCounts).toMatch(/SEARCH reports USING INDEX reports_queue/);
    for (const plan of Object.values(found)) expect(plan).not.toMatch(/SCAN (r|reports)\b/);
  });
});

describe('the classified sites’ counts are the database’s, off an index', () => {
  it('reads one range of receive time in events_stops_by_received, never the whole events table, and finds decisions by the lists’ in-force index', () => {
    const db = new Database(databasePath(server.dataDir), { readonly: true, fileMustExist: true });
    try {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${CLASSIFIED_SITES_SQL}`).all({ from: NOW.toISOString(), to: NOW.toISOString(), host: null, state: null, limit: 1, offset: 0 }) as { detail: string }[])
        .map((row) => row.detail)
        .join('; ');
      expect(plan).toMatch(/SEARCH events USING INDEX events_stops_by_received \(received_at>\? AND received_at<\?\)/);
      expect(plan).not.toMatch(/SCAN events\b/);
      expect(plan).toMatch(/SEARCH e USING INDEX school_list_in_force \(action=\? AND target=\?\)/);
      expect(plan).not.toMatch(/SCAN e\b/);
    } finally {
      db.close();
    }
  });
});

describe('the log’s searches read the events indexes made for them (migration 13)', () => {
  function plan(query: EventQuery | EventFilter, statement: typeof searchStatement | typeof countStatement): string {
    const db = new Database(databasePath(server.dataDir), { readonly: true, fileMustExist: true });
    try {
      const { sql, params } = statement(query as EventQuery);
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((row) => row.detail).join('; ');
    } finally {
      db.close();
    }
  }

  it('finds a page of a rare type in events_rare_by_type, in the log’s order with no sort', () => {
    const found = plan({ types: ['policy'], limit: 50 }, searchStatement);
    expect(found).toMatch(/SEARCH events USING INDEX events_rare_by_type \(type=\?\)/);
    expect(found).not.toMatch(/TEMP B-TREE/);
  });

  it('counts the alerts’ blocks of a category from events_rare_by_type alone', () => {
    expect(plan({ types: ['block'], categories: ['adult'], receivedFrom: NOW }, countStatement)).toMatch(/SEARCH events USING COVERING INDEX events_rare_by_type \(type=\? AND received_at>\?\)/);
  });

  it('finds a page of a common type, and of a device, in receive order', () => {
    expect(plan({ types: ['navigation'], limit: 50 }, searchStatement)).toBe('SCAN events USING INDEX events_by_received');
    expect(plan({ device: 'SN001', limit: 50 }, searchStatement)).toBe('SCAN events USING INDEX events_by_received');
  });
});
