/**
 * The sites the on-device classifier stopped (issue 20), counted by the database: a school holds
 * millions of events, so nothing here reads them into memory. One range of events_stops_by_received
 * (migration 8: rows with a category, by receive time) finds the window's blocks and warnings; only
 * those rows are read from the table, for the `classifier` field, the role and the user, which live in
 * the stored body. Classified stops are a small share of all stops, but every stop in the window is
 * looked at once: 30 days of a school's stops, not its navigations. Measured once by hand (not a
 * benchmark): a million events over a year, 7% of them stops, takes about 10 ms for 30 days and 80 ms
 * for 365. No index of classified stops of their own (a migration, and a JSON read on every insert of
 * a stop) until a school's figures ask for it; test/server/classified-sites.test.ts checks the plan.
 *
 * The review state is read off the school lists in force: the host and each parent (a recursive
 * list of names) looked up in the in-force index school_list_in_force (action, target), so a block
 * on `example.com` decides `www.example.com`. Only whole-domain entries decide a site: an address
 * entry (one page) does not stop or open the host. A block beats an allow, as on devices.
 */
import type { Database } from 'better-sqlite3';
import type { ListAudience } from '../../../../src/school-lists/audience';
import type { ClassifiedSite, ClassifiedState } from '../../dashboard-api/types';
import type { ClassifiedSitesQuery, EventStore } from '../store';
import { andSchool, withSchool } from '../school-filter';
import { statementCache } from './statements';

/**
 * Named so a test can ask SQLite for its plan. `@host` and `@state` are null for "any". INDEXED BY, as in
 * event-counts.ts: without statistics SQLite may prefer events_by_type_received, which reads every block held.
 * The illegal feed's blocks carry no host (the classifier never acts on them; the route drops any address sent).
 */
/** Each site's state from the school-list entry deciding it: the same step in both engines' queries. */
export const REVIEWED_CTE = `  reviewed AS (
    SELECT s.*, CASE d.action WHEN 'block' THEN 'confirmed' WHEN 'allow' THEN 'rejected' ELSE 'undecided' END AS state,
      d.id AS entry_id, d.action AS entry_action, d.target AS entry_target, d.audience AS entry_audience,
      d.created_by AS entry_created_by, d.created_at AS entry_created_at, c.categories
    FROM sites s JOIN categories c ON c.host = s.host LEFT JOIN deciding d ON d.host = s.host AND d.rank = 1
  )`;

export function classifiedSitesSql(school?: string): string {
  return `
  WITH RECURSIVE stops AS MATERIALIZED (
    SELECT host, category, type, user, received_at,
      json_extract(body, '$.classifier.score') AS score, json_extract(body, '$.role') AS role
    FROM events INDEXED BY events_stops_by_received
    WHERE received_at >= @from AND received_at < @to AND category IS NOT NULL
      AND type IN ('block', 'warn') AND host <> '' AND (@host IS NULL OR host = @host)
      ${andSchool(school)}
      AND json_extract(body, '$.classifier.score') IS NOT NULL
  ),
  sites AS (
    SELECT host,
      count(CASE WHEN type = 'block' THEN 1 END) AS blocks,
      count(CASE WHEN type = 'warn' THEN 1 END) AS warnings,
      count(DISTINCT CASE WHEN role = 'pupil' AND user <> '' THEN lower(user) END) AS pupils,
      min(received_at) AS first_seen, max(received_at) AS last_seen, max(score) AS top_score
    FROM stops GROUP BY host
  ),
  -- The categories each host looked like, most stops first (json_group_array keeps the inner query's order).
  categories AS (
    SELECT host, json_group_array(category) AS categories
    FROM (SELECT host, category, count(*) AS n FROM stops GROUP BY host, category ORDER BY host, n DESC, category)
    GROUP BY host
  ),
  names (host, name) AS (
    SELECT host, host FROM sites
    UNION ALL SELECT host, substr(name, instr(name, '.') + 1) FROM names WHERE instr(name, '.') > 0
  ),
  deciding AS (
    SELECT n.host, e.id, e.action, e.target, e.audience, e.created_by, e.created_at,
      row_number() OVER (PARTITION BY n.host ORDER BY e.action = 'block' DESC, length(e.target) DESC) AS rank
    FROM names n CROSS JOIN school_list_entries e INDEXED BY school_list_in_force
      ON e.action IN ('block', 'allow') AND e.target = n.name AND e.ended_at IS NULL AND e.kind = 'domain'
  ),
${REVIEWED_CTE}
  SELECT r.*, count(*) OVER () AS total
  FROM reviewed r
  WHERE @state IS NULL OR r.state = @state
  ORDER BY r.state = 'undecided' DESC, r.blocks + r.warnings DESC, r.last_seen DESC, r.host
  LIMIT @limit OFFSET @offset`;
}

/** Every school's statement (an endpoint serving one school runs only this). */
export const CLASSIFIED_SITES_SQL = classifiedSitesSql();

export interface SiteRecord {
  host: string;
  blocks: number;
  warnings: number;
  pupils: number;
  first_seen: string;
  last_seen: string;
  top_score: number;
  state: ClassifiedState;
  entry_id: string | null;
  entry_action: 'block' | 'allow' | null;
  entry_target: string | null;
  entry_audience: string | null;
  entry_created_by: string | null;
  entry_created_at: string | null;
  total: number;
  categories: string;
}

export function toSite(record: SiteRecord): ClassifiedSite {
  return {
    host: record.host,
    categories: JSON.parse(record.categories) as string[],
    blocks: record.blocks,
    warnings: record.warnings,
    pupils: record.pupils,
    firstSeen: record.first_seen,
    lastSeen: record.last_seen,
    topScore: record.top_score,
    state: record.state,
    entry:
      record.entry_id === null
        ? null
        : {
            id: record.entry_id,
            action: record.entry_action!,
            target: record.entry_target!,
            audience: JSON.parse(record.entry_audience!) as ListAudience,
            createdBy: record.entry_created_by!,
            createdAt: record.entry_created_at!,
          },
  };
}

/** One page's rows; `school` undefined: every school's stops. */
type SitePage = (params: Record<string, unknown>, school: string | undefined) => Promise<SiteRecord[]> | SiteRecord[];

/** One page of classified sites with the list's total, whichever engine runs the query. */
export function classifiedSitesWith(page: SitePage): EventStore['classifiedSites'] {
  return async ({ window, state, host, school, offset, limit }) => {
    const params = { from: window.from.toISOString(), to: window.to.toISOString(), state: state ?? null, host: host ?? null };
    const rows = await page({ ...params, offset, limit }, school);
    if (rows.length > 0 || offset === 0) return { sites: rows.map(toSite), total: rows[0]?.total ?? 0 };
    // Past the last page: the total still, from the first row of the whole list.
    const first = await page({ ...params, offset: 0, limit: 1 }, school);
    return { sites: [], total: first[0]?.total ?? 0 };
  };
}

export function sqliteClassifiedSites(db: Database): Pick<EventStore, 'classifiedSites'> {
  const statement = statementCache(db);
  return { classifiedSites: classifiedSitesWith((params, school) => statement(classifiedSitesSql(school)).all(withSchool(params, school)) as SiteRecord[]) };
}
