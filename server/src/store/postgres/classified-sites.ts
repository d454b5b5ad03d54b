/**
 * The sites the on-device classifier stopped (issue 20) on PostgreSQL: the same query as
 * ../sqlite/classified-sites.ts (one range of events_stops_by_received, the review state read off the
 * school lists in force, a block beating an allow), in PostgreSQL's JSON functions.
 */
import type { EventStore } from '../store';
import { classifiedSitesWith, REVIEWED_CTE, type SiteRecord } from '../sqlite/classified-sites';
import type { PgDb } from './db';
import { andSchool, withSchool } from '../school-filter';

/** Every school's stops, or one school's (../school-filter.ts). */
const classifiedSitesSql = (school: string | undefined) => `
  WITH RECURSIVE stops AS MATERIALIZED (
    SELECT host, category, type, "user", received_at,
      (body::jsonb #>> '{classifier,score}')::float8 AS score, body::jsonb ->> 'role' AS role
    FROM events
    WHERE received_at >= @from AND received_at < @to AND category IS NOT NULL
      AND type IN ('block', 'warn') AND host <> '' AND (@host::text IS NULL OR host = @host::text)
      ${andSchool(school)}
      AND body::jsonb #>> '{classifier,score}' IS NOT NULL
  ),
  sites AS (
    SELECT host,
      count(CASE WHEN type = 'block' THEN 1 END) AS blocks,
      count(CASE WHEN type = 'warn' THEN 1 END) AS warnings,
      count(DISTINCT CASE WHEN role = 'pupil' AND "user" <> '' THEN lower("user"::text) END) AS pupils,
      min(received_at) AS first_seen, max(received_at) AS last_seen, max(score) AS top_score
    FROM stops GROUP BY host
  ),
  -- The categories each host looked like, most stops first.
  categories AS (
    SELECT host, json_agg(category ORDER BY n DESC, category)::text AS categories
    FROM (SELECT host, category, count(*) AS n FROM stops GROUP BY host, category) counted
    GROUP BY host
  ),
  names (host, name) AS (
    SELECT host, host FROM sites
    UNION ALL SELECT host, substr(name, strpos(name, '.') + 1) FROM names WHERE strpos(name, '.') > 0
  ),
  deciding AS (
    SELECT n.host, e.id, e.action, e.target, e.audience, e.created_by, e.created_at,
      row_number() OVER (PARTITION BY n.host ORDER BY (e.action = 'block') DESC, length(e.target) DESC) AS rank
    FROM names n JOIN school_list_entries e
      ON e.action IN ('block', 'allow') AND e.target = n.name AND e.ended_at IS NULL AND e.kind = 'domain'
  ),
${REVIEWED_CTE}
  SELECT r.*, count(*) OVER () AS total
  FROM reviewed r
  WHERE @state::text IS NULL OR r.state = @state::text
  ORDER BY (r.state = 'undecided') DESC, r.blocks + r.warnings DESC, r.last_seen DESC, r.host
  LIMIT @limit OFFSET @offset`;

export function postgresClassifiedSites(db: PgDb): Pick<EventStore, 'classifiedSites'> {
  return { classifiedSites: classifiedSitesWith((params, school) => db.all<SiteRecord>(classifiedSitesSql(school), withSchool(params, school))) };
}
