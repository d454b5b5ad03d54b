import { useState } from 'preact/hooks';
import { apiUrl, getJson } from '../api';
import { EventTable } from '../components/EventTable';
import { Loading, useLoad } from '../components/useLoad';
import type { LogSearchParams } from '../log-link';
import { CSV_MAX_ROWS, type EventsReply } from '../../../src/dashboard-api/types';
import { CATEGORY_IDS } from '../../../../src/shared/categories';
import { SCHOOL_STOP_REASONS } from '../../../../src/shared/pages';
import { STOP_REASON_WORDS } from '../format';
import { useSchoolFilter } from '../components/SchoolFilter';

const TYPES = ['navigation', 'search', 'block', 'warn', 'warn-decision', 'report', 'override', 'policy', 'heartbeat', 'dropped'];
const EMPTY = { user: '', device: '', category: '', type: '', host: '', from: '', to: '' };

/** `datetime-local` gives local time without a zone; the API wants ISO. */
function toIso(local: string): string {
  return local ? new Date(local).toISOString() : '';
}

/** And back, for a search that arrived in a link. */
function toLocal(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * Log search: newest received first, a page at a time. "When" is when it
 * happened (the From/To window is on this time); "Received" is the order.
 * A page that is not the last says so and offers the next.
 */
export function LogsView({ initial = {} }: { initial?: LogSearchParams }) {
  const [form, setForm] = useState({ ...EMPTY, ...initial, from: toLocal(initial.from), to: toLocal(initial.to) });
  const { before, ...filters } = initial;
  const [query, setQuery] = useState<Record<string, string>>(filters as Record<string, string>);
  /** Cursors of the pages shown so far: the last is the page on screen ('' is the first page). */
  const [pages, setPages] = useState<string[]>([before ?? '']);
  const page = pages.at(-1)!;
  // A trust user's filter by school applies at once, to the page and the CSV alike.
  const bySchool = useSchoolFilter(() => setPages(['']));
  const { data, error } = useLoad(() => getJson<EventsReply>('/events', { ...query, ...bySchool.query, before: page }), [JSON.stringify(query), bySchool.school, page]);
  const field = (name: keyof typeof EMPTY) => ({ name, value: form[name], onInput: (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value }) });

  return (
    <section aria-labelledby="logs-title">
      <h2 id="logs-title">Log search</h2>
      {bySchool.control}
      <form
        class="filters"
        data-testid="log-search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery({ ...form, from: toIso(form.from), to: toIso(form.to) });
          setPages(['']);
        }}
      >
        <label>
          User
          <input type="search" {...field('user')} />
        </label>
        <label>
          Device (directory id, serial or asset)
          <input type="search" {...field('device')} />
        </label>
        <label>
          Category
          <select {...field('category')} onChange={field('category').onInput}>
            <option value="">Any</option>
            {[...CATEGORY_IDS, ...SCHOOL_STOP_REASONS].map((id) => (
              <option value={id}>{STOP_REASON_WORDS[id as 'school'] ?? id}</option>
            ))}
          </select>
        </label>
        <label>
          Type
          <select {...field('type')} onChange={field('type').onInput}>
            <option value="">Any</option>
            {TYPES.map((type) => (
              <option value={type}>{type}</option>
            ))}
          </select>
        </label>
        <label>
          Site (host, e.g. www.example.com)
          <input type="search" {...field('host')} />
        </label>
        <label>
          From (when it happened)
          <input type="datetime-local" {...field('from')} />
        </label>
        <label>
          To
          <input type="datetime-local" {...field('to')} />
        </label>
        <button type="submit">Search</button>
        <a class="button secondary" href={apiUrl('/events.csv', { ...query, ...bySchool.query })} download data-testid="csv-export">
          Export CSV
        </a>
      </form>
      {!data ? (
        <Loading error={error} />
      ) : (
        <>
          <p>
            Newest received first{page ? `, page ${pages.length}` : ''}. The CSV export holds up to {CSV_MAX_ROWS.toLocaleString('en-GB')} rows from the newest, and says in the file if it was cut short.
          </p>
          {data.truncated && (
            <p class="cut-short" role="status" data-testid="log-cut-short">
              Cut short: more events matched than the {data.events.length.toLocaleString('en-GB')} shown. Go to older ones below, or narrow the search.
            </p>
          )}
          <EventTable rows={data.events} testId="log-results" />
          <div class="pager">
            {pages.length > 1 && (
              <button type="button" class="secondary" onClick={() => setPages(pages.slice(0, -1))}>
                ← Newer
              </button>
            )}
            {page && (
              <button type="button" class="secondary" onClick={() => setPages([''])}>
                Newest
              </button>
            )}
            {data.next && (
              <button type="button" data-testid="log-older" onClick={() => setPages([...pages, data.next!])}>
                Older →
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
