/**
 * The overview's counts of blocks and warnings, done by the database: a school holds millions of
 * events, so nothing here reads them into memory. Every query reads one range of the partial index
 * events_stops_by_received (migration 8: rows with a category, by receive time), and the index
 * alone answers it (test/server/overview.test.ts checks the plans). The plans of the site counts say
 * INDEX rather than COVERING INDEX, as `host` is a virtual column, but their bytecode reads the host
 * from the index and never seeks the table row (a deferred seek no column asks for). On a million
 * events (7% of them blocks and warnings, over a year), 14 days take 1-2 ms a query, 90 days about 15.
 */
import type { Database } from 'better-sqlite3';
import type { EventStore, ReceiveWindow } from '../store';
import { windowsJson, WINDOWS_TABLE } from './windows';
import { statementCache } from './statements';
import { andSchool, withSchool } from '../school-filter';

/** The window as the queries name it; `category IS NOT NULL` is the partial index's own condition, so it is used. */
const IN_WINDOW = 'received_at >= @from AND received_at < @to AND category IS NOT NULL';

/** `school` undefined: every school's (schools/scope.ts readFilter). */
export function windowParams(window: ReceiveWindow, school: string | undefined): { from: string; to: string; school?: string } {
  return withSchool({ from: window.from.toISOString(), to: window.to.toISOString() }, school);
}

/**
 * The statements, named so a test can ask SQLite for their plans (test/server/overview.test.ts). INDEXED BY,
 * because without statistics SQLite prefers events_by_type_received (type = 'block' looks narrower than a
 * range of days), and that index reads every block held, once per day counted.
 */
export function eventCountSql(school?: string) {
  return {
  // One range of the index per window (LEFT JOIN: a window with nothing in it is still a row, of zeros).
  perWindow: `
    WITH ${WINDOWS_TABLE}
    SELECT w.name AS name, count(CASE WHEN e.type = 'block' THEN 1 END) AS blocks, count(CASE WHEN e.type = 'warn' THEN 1 END) AS warnings
    FROM windows w LEFT JOIN events e INDEXED BY events_stops_by_received
      ON e.received_at >= w.start_at AND e.received_at < w.end_at AND e.category IS NOT NULL AND e.type IN ('block', 'warn') ${andSchool(school, 'e.school')}
    GROUP BY w.position ORDER BY w.position`,
  byCategory: `
    SELECT category AS key, count(*) AS blocks FROM events INDEXED BY events_stops_by_received
    WHERE ${IN_WINDOW} AND type = 'block' ${andSchool(school)}
    GROUP BY category ORDER BY blocks DESC, category`,
  // The illegal feed's blocks arrive with an empty host (src/events/uncarried-address.ts): one row with no site.
  bySite: `
    SELECT nullif(host, '') AS key, count(*) AS blocks FROM events INDEXED BY events_stops_by_received
    WHERE ${IN_WINDOW} AND type = 'block' ${andSchool(school)}
    GROUP BY key ORDER BY blocks DESC, key IS NULL, key LIMIT @limit`,
  siteTotals: `
    SELECT count(DISTINCT nullif(host, '')) AS named, count(*) FILTER (WHERE nullif(host, '') IS NULL) AS withoutAddress
    FROM events INDEXED BY events_stops_by_received
    WHERE ${IN_WINDOW} AND type = 'block' ${andSchool(school)}`,
  };
}

/** Every school's statements (an endpoint serving one school runs only these). */
export const EVENT_COUNT_SQL = eventCountSql();

export type EventCounts = Pick<EventStore, 'stopsPerWindow' | 'blocksByCategory' | 'blocksBySite'>;

export function sqliteEventCounts(db: Database): EventCounts {
  const statement = statementCache(db);
  const sql = (school: string | undefined) => (school === undefined ? EVENT_COUNT_SQL : eventCountSql(school));

  return {
    async stopsPerWindow(windows, school) {
      return statement(sql(school).perWindow).all(withSchool({ windows: windowsJson(windows) }, school)) as { name: string; blocks: number; warnings: number }[];
    },
    async blocksByCategory(window, school) {
      return statement(sql(school).byCategory).all(windowParams(window, school)) as { key: string; blocks: number }[];
    },
    async blocksBySite(window, limit, school) {
      const params = windowParams(window, school);
      const sites = statement(sql(school).bySite).all({ ...params, limit }) as { key: string | null; blocks: number }[];
      return { sites, ...(statement(sql(school).siteTotals).get(params) as { named: number; withoutAddress: number }) };
    },
  };
}
