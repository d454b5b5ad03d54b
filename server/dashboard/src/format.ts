/** Times in the school's words: UK dates, local time. */
export function when(iso: string | null): string {
  if (iso === null) return 'never';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export function words(id: string | null): string {
  return id === null ? '—' : id.replaceAll('-', ' ');
}
