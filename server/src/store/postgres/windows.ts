/** Named windows of receive time as one query parameter, so one statement counts every window (the overview's days). */
export { windowsJson } from '../sqlite/windows';

/** A table of the windows (position, name, start_at, end_at) for a query's WITH clause, from `@windows` (windowsJson). */
export const WINDOWS_TABLE = `windows AS (
  SELECT t.position, t.w ->> 0 AS name, t.w ->> 1 AS start_at, t.w ->> 2 AS end_at
  FROM jsonb_array_elements(@windows::jsonb) WITH ORDINALITY AS t (w, position)
)`;
