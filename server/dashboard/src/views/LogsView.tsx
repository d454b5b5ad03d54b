import { useState } from 'preact/hooks';
import { apiUrl, getJson } from '../api';
import { EventTable } from '../components/EventTable';
import { Loading, useLoad } from '../components/useLoad';
import type { EventsReply } from '../../../src/dashboard-api/types';
import { CATEGORY_IDS } from '../../../../src/shared/categories';

const TYPES = ['navigation', 'search', 'block', 'warn', 'warn-decision', 'report', 'override', 'policy', 'heartbeat', 'dropped'];
const EMPTY = { user: '', device: '', category: '', type: '', from: '', to: '' };

/** `datetime-local` gives local time without a zone; the API wants ISO. */
function toIso(local: string): string {
  return local ? new Date(local).toISOString() : '';
}

export function LogsView() {
  const [form, setForm] = useState(EMPTY);
  const [query, setQuery] = useState<Record<string, string>>({});
  const { data, error } = useLoad(() => getJson<EventsReply>('/events', query), [JSON.stringify(query)]);
  const field = (name: keyof typeof EMPTY) => ({ name, value: form[name], onInput: (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value }) });

  return (
    <section aria-labelledby="logs-title">
      <h2 id="logs-title">Log search</h2>
      <form
        class="filters"
        data-testid="log-search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery({ ...form, from: toIso(form.from), to: toIso(form.to) });
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
            {[...CATEGORY_IDS, 'school'].map((id) => (
              <option value={id}>{id}</option>
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
          From
          <input type="datetime-local" {...field('from')} />
        </label>
        <label>
          To
          <input type="datetime-local" {...field('to')} />
        </label>
        <button type="submit">Search</button>
        <a class="button secondary" href={apiUrl('/events.csv', query)} download data-testid="csv-export">
          Export CSV
        </a>
      </form>
      {!data ? (
        <Loading error={error} />
      ) : (
        <>
          {data.truncated && <p>Showing the newest {data.events.length}: narrow the search, or export CSV for more.</p>}
          <EventTable rows={data.events} testId="log-results" />
        </>
      )}
    </section>
  );
}
