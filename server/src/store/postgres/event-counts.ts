/** The overview's counts of blocks and warnings on PostgreSQL: the same queries as ../sqlite/event-counts.ts, on the same partial index (events_stops_by_received). */
import type { EventStore } from '../store';
import { windowParams, type EventCounts } from '../sqlite/event-counts';
import type { PgDb } from './db';
import { andSchool, withSchool } from '../school-filter';
import { windowsJson, WINDOWS_TABLE } from './windows';

const IN_WINDOW = 'received_at >= @from AND received_at < @to AND category IS NOT NULL';

/** Every school's statements, or one school's (../school-filter.ts). */
const sql = (school: string | undefined) => ({
  perWindow: `
    WITH ${WINDOWS_TABLE}
    SELECT w.name AS name, count(CASE WHEN e.type = 'block' THEN 1 END) AS blocks, count(CASE WHEN e.type = 'warn' THEN 1 END) AS warnings
    FROM windows w LEFT JOIN events e
      ON e.received_at >= w.start_at AND e.received_at < w.end_at AND e.category IS NOT NULL AND e.type IN ('block', 'warn')
        ${andSchool(school, 'e.school')}
    GROUP BY w.position, w.name ORDER BY w.position`,
  byCategory: `
    SELECT category AS key, count(*) AS blocks FROM events
    WHERE ${IN_WINDOW} AND type = 'block' ${andSchool(school)}
    GROUP BY category ORDER BY blocks DESC, category`,
  // PostgreSQL orders by an output name only when it stands alone (not in `key IS NULL`): the counts are a subquery.
  bySite: `
    SELECT key, blocks FROM (
      SELECT nullif(host, '') AS key, count(*) AS blocks FROM events
      WHERE ${IN_WINDOW} AND type = 'block' ${andSchool(school)}
      GROUP BY 1
    ) counted
    ORDER BY blocks DESC, key IS NULL, key LIMIT @limit`,
  siteTotals: `
    SELECT count(DISTINCT nullif(host, '')) AS named, count(*) FILTER (WHERE nullif(host, '') IS NULL) AS "withoutAddress"
    FROM events
    WHERE ${IN_WINDOW} AND type = 'block' ${andSchool(school)}`,
});

export function postgresEventCounts(db: PgDb): EventCounts {
  return {
    async stopsPerWindow(windows, school) {
      return db.all<{ name: string; blocks: number; warnings: number }>(sql(school).perWindow, withSchool({ windows: windowsJson(windows) }, school));
    },
    async blocksByCategory(window, school) {
      return db.all<{ key: string; blocks: number }>(sql(school).byCategory, windowParams(window, school));
    },
    async blocksBySite(window, limit, school) {
      const params = windowParams(window, school);
      const sites = await db.all<{ key: string | null; blocks: number }>(sql(school).bySite, { ...params, limit });
      const totals = (await db.one<{ named: number; withoutAddress: number }>(sql(school).siteTotals, params))!;
      return { sites, ...totals };
    },
  } satisfies Pick<EventStore, keyof EventCounts>;
}
