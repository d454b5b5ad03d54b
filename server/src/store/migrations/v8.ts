import type { Migration } from './migration';

export const v8: Migration = {
  // Issue 19: the overview counts blocks and warnings per day, category and site over a window of receive
  // time. No index served that: events_by_type_received leads with category, so a window over every category
  // read each block and warning the school holds (a year's worth), and the site is only inside the JSON body,
  // so counting sites read every row. The site becomes a column computed from the body (never stored twice),
  // and one partial index holds only rows with a category (blocks, warnings, warn decisions, report pointers):
  // the bulk (navigations, searches, heartbeats) pays nothing more to insert. Leading with received_at, a
  // window is one range, and the index alone answers each count. Versions 6 and 7 belong to other parts of
  // issue 19.
  version: 8,
  name: 'overview: events.host computed from the body, an index of stops by receive time',
  sqlite: `
      ALTER TABLE events ADD COLUMN host TEXT GENERATED ALWAYS AS (json_extract(body, '$.host')) VIRTUAL;
      CREATE INDEX events_stops_by_received ON events (received_at, type, category, host) WHERE category IS NOT NULL;
    `,
  postgres: `
      -- Stored rather than virtual (PostgreSQL 15 computes only stored columns): written once per insert.
      ALTER TABLE events ADD COLUMN host text GENERATED ALWAYS AS (body::jsonb ->> 'host') STORED;
      CREATE INDEX events_stops_by_received ON events (received_at, type, category, host) WHERE category IS NOT NULL;
    `,
};
