/** Times in the school's words: UK dates, local time. */
export function when(iso: string | null): string {
  if (iso === null) return 'never';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export function words(id: string | null): string {
  return id === null ? '—' : id.replaceAll('-', ' ');
}

/** A calendar date, `2026-11-03`, as the school reads it: "Tue 3 Nov" (a date, so no time zone to apply). */
export function dayWords(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
}

/** To the second: a flood can last seconds. */
export function whenExactly(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

/** How long from one time to another, in the largest whole unit that reads well. */
export function duration(fromIso: string, toIso: string): string {
  const seconds = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

export function count(n: number): string {
  return n.toLocaleString('en-GB');
}

/**
 * The school's own lists, as a stop reason or report category: which list to change
 * (src/shared/pages.ts). Categories read as their id.
 */
export const STOP_REASON_WORDS: Record<'school' | 'school-list', string> = {
  school: "school's list: the policy's blockDomains (Admin console)",
  'school-list': "school's list: the dashboard's block list",
};

/** A report's category or a block's reason in words: the school's lists say which list. */
export function categoryWords(category: string | null): string {
  if (category === 'school' || category === 'school-list') return STOP_REASON_WORDS[category];
  return words(category);
}
