/** Named windows of receive time as one query parameter, so one statement counts every window (the overview's days). */
import type { NamedWindow } from '../store';

/** `[[name, from, to], ...]`, the JSON WINDOWS_TABLE reads from `@windows`. */
export function windowsJson(windows: readonly NamedWindow[]): string {
  return JSON.stringify(windows.map((window) => [window.name, window.from.toISOString(), window.to.toISOString()]));
}

/** A table of the windows (position, name, start_at, end_at) for a query's WITH clause. */
export const WINDOWS_TABLE = `windows AS (
  SELECT key AS position, json_extract(value, '$[0]') AS name, json_extract(value, '$[1]') AS start_at, json_extract(value, '$[2]') AS end_at
  FROM json_each(@windows)
)`;
